import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { send, type RequestOptions } from './client';

/**
 * Server-sent events over fetch (EventSource cannot send the Authorization header or a POST body).
 * Resolves when the stream ends; rejects with a Problem when the request is refused before the
 * stream starts, with an AbortError when `signal` aborts, and with a TypeError-like error when the
 * connection drops mid-stream (the caller says so and offers a retry).
 */
export async function streamEvents(path: string, options: RequestOptions, onEvent: (event: string, data: string) => void): Promise<void> {
  const response = await send(path, { ...options, headers: { ...options.headers, Accept: 'text/event-stream' } });
  if (!response.body) throw new Error('The answer had no body.');
  const parser = createParser({
    onEvent: (message: EventSourceMessage) => onEvent(message.event ?? 'message', message.data),
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    parser.feed(value);
  }
}
