import { afterEach, describe, expect, it, vi } from 'vitest';
import { streamEvents } from './sse';
import { Problem } from './problem';

/** A text/event-stream answer delivered in the given pieces (split anywhere, as the network does). */
function stream(pieces: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

describe('streamEvents', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads named events split across network chunks, CRLF line ends and multi-line data', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => stream([
      'event: tok', 'en\ndata: {"text":"Tesla died "}\n\n',
      'event: token\r\ndata: {"text":"in 1943 [1]"}\r\n\r\n',
      ': a comment line the server sends to keep the connection\n\n',
      'event: citations\ndata: [{"n":1,\ndata: "documentName":"Nikola_Tesla.md"}]\n\n',
      'event: done\ndata: {"conversationId":"c1","messageId":"m1","mode":"extractive"}\n\n',
    ])));
    const events: Array<[string, string]> = [];
    await streamEvents('/api/chat/stream', { method: 'POST', body: { question: 'q' } }, (event, data) => events.push([event, data]));
    expect(events.map(([e]) => e)).toEqual(['token', 'token', 'citations', 'done']);
    expect(JSON.parse(events[0][1]).text + JSON.parse(events[1][1]).text).toBe('Tesla died in 1943 [1]');
    expect(JSON.parse(events[2][1])).toEqual([{ n: 1, documentName: 'Nikola_Tesla.md' }]);
  });

  it('sends the question as JSON and asks for an event stream', async () => {
    const fetchMock = vi.fn(async () => stream([]));
    vi.stubGlobal('fetch', fetchMock);
    await streamEvents('/api/chat/stream', { method: 'POST', body: { question: 'When?' } }, () => {});
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/chat/stream');
    expect((init.headers as Record<string, string>).Accept).toBe('text/event-stream');
    expect(init.body).toBe('{"question":"When?"}');
  });

  it('rejects with the problem when the request is refused before the stream starts', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ title: 'Bad Request', status: 400, detail: 'The question is empty.' }),
      { status: 400, headers: { 'Content-Type': 'application/problem+json' } })));
    const failure = streamEvents('/api/chat/stream', { method: 'POST', body: { question: '' } }, () => {});
    await expect(failure).rejects.toBeInstanceOf(Problem);
    await expect(failure).rejects.toMatchObject({ status: 400, message: 'The question is empty.' });
  });

  it('passes a dropped connection on to the caller, after the events that arrived', async () => {
    const encoder = new TextEncoder();
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(encoder.encode('event: token\ndata: {"text":"Tesla"}\n\n'));
        else controller.error(new TypeError('network error'));
      },
    });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status: 200 })));
    const events: string[] = [];
    await expect(streamEvents('/api/chat/stream', { method: 'POST', body: {} }, (e) => events.push(e))).rejects.toThrow('network error');
    expect(events).toEqual(['token']);
  });
});
