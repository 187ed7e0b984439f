import { effect, signal } from '@preact/signals';
import { api, me } from '../../api/client';
import type { Page } from '../../api/paging';
import { Problem } from '../../api/problem';
import { streamEvents } from '../../api/sse';
import { Pacer } from './pacer';

/**
 * The chat screen's state, kept outside the component: the router remounts a screen on every route
 * change (/chat → /chat/<id> after the first answer), and the answer being streamed must survive
 * that. Cleared when the person signs out.
 */

export interface Citation {
  n: number;
  documentId: string;
  documentName: string;
  chunkId: string;
  snippet: string;
  score: number;
  page: number | null;
  heading: string | null;
  /** where the cited document came from; absent in answers from before sources existed */
  source?: DocumentSource;
}

export interface DocumentSource {
  type: 'upload' | 'url' | 'clickup' | string;
  externalId?: string;
  url?: string;
}

export type TurnState = 'streaming' | 'done' | 'stopped' | 'lost' | 'error';

export interface Turn {
  key: string;
  question: string;
  answer: string;
  citations: Citation[];
  mode: string | null;
  messageId: string | null;
  state: TurnState;
  problem?: unknown;
}

export interface ConversationItem {
  id: string;
  title: string | null;
  createdAt: string;
  updatedAt: string | null;
}

interface Message {
  id: string;
  role: string;
  content: string;
  mode: string | null;
  citations: Citation[] | null;
  createdAt: string;
}

export const LOST = 'The connection was lost while the answer was streaming.';

export const conversationId = signal<string | null>(null);
export const turns = signal<Turn[]>([]);
export const loading = signal(false);
export const loadProblem = signal<unknown>(null);
/** What the polite live region says: the streaming status, not every token. */
export const status = signal('');
export const conversations = signal<Page<ConversationItem> | null>(null);
export const conversationsPage = signal(0);
export const conversationsProblem = signal<unknown>(null);

let controller: AbortController | null = null;
let pacer: Pacer | null = null;
let keys = 0;

export function reset(): void {
  controller?.abort();
  controller = null;
  pacer?.cancel();
  pacer = null;
  conversationId.value = null;
  turns.value = [];
  loadProblem.value = null;
  loading.value = false;
  status.value = '';
}

// sign-out (or another person signing in) forgets everything shown
let signedInAs: string | null = null;
effect(() => {
  const id = me.value?.id ?? null;
  if (id !== signedInAs) {
    signedInAs = id;
    reset();
    conversations.value = null;
    conversationsPage.value = 0;
  }
});

export const streaming = () => turns.value.some((t) => t.state === 'streaming');

function patch(key: string, change: (t: Turn) => Partial<Turn>): void {
  turns.value = turns.value.map((t) => (t.key === key ? { ...t, ...change(t) } : t));
}

/** Shows conversation `id` (null: a new one); nothing to do when it is the one shown. */
export async function open(id: string | null): Promise<void> {
  if (id === conversationId.value && (id === null || turns.value.length > 0 || loading.value)) return;
  reset();
  conversationId.value = id;
  if (!id) return;
  loading.value = true;
  try {
    const messages = await api<Message[]>(`/api/conversations/${encodeURIComponent(id)}/messages`);
    if (conversationId.value !== id) return;
    turns.value = pair(messages);
  } catch (e) {
    if (conversationId.value === id) loadProblem.value = e;
  } finally {
    if (conversationId.value === id) loading.value = false;
  }
}

/** Questions and their answers, in order. */
export function pair(messages: Message[]): Turn[] {
  const result: Turn[] = [];
  let question: string | null = null;
  for (const m of messages) {
    if (m.role === 'user') {
      if (question !== null) result.push(turnOf(question, null));
      question = m.content;
    } else {
      result.push(turnOf(question ?? '', m));
      question = null;
    }
  }
  if (question !== null) result.push(turnOf(question, null));
  return result;
}

function turnOf(question: string, answer: Message | null): Turn {
  return {
    key: `t${++keys}`,
    question,
    answer: answer?.content ?? '',
    citations: answer?.citations ?? [],
    mode: answer?.mode ?? null,
    messageId: answer?.id ?? null,
    state: answer ? 'done' : 'lost',
  };
}

/**
 * Asks `question` in the conversation shown and streams the answer into a new turn (or into turn
 * `retryKey`, replacing what it had). `onDone` gets the conversation's id when the answer is complete.
 */
export async function ask(question: string, onDone: (conversationId: string) => void, retryKey?: string): Promise<void> {
  if (streaming()) return;
  const key = retryKey ?? `t${++keys}`;
  const fresh: Turn = { key, question, answer: '', citations: [], mode: null, messageId: null, state: 'streaming' };
  turns.value = retryKey ? turns.value.map((t) => (t.key === key ? fresh : t)) : [...turns.value, fresh];
  status.value = 'Answering…';
  const mine = new AbortController();
  controller = mine;
  const paced = new Pacer((text) => patch(key, (t) => ({ answer: t.answer + text })));
  pacer = paced;
  let done = false;
  let failed = false;
  try {
    await streamEvents(
      '/api/chat/stream',
      { method: 'POST', body: { question, ...(conversationId.value ? { conversationId: conversationId.value } : {}) }, signal: mine.signal },
      (event, data) => {
        if (event === 'token') {
          paced.push(parse<{ text?: string }>(data)?.text ?? '');
        } else if (event === 'citations') {
          patch(key, () => ({ citations: parse<Citation[]>(data) ?? [] }));
        } else if (event === 'done') {
          const d = parse<{ conversationId?: string; messageId?: string; mode?: string }>(data) ?? {};
          done = true;
          if (d.conversationId) conversationId.value = d.conversationId;
          paced.whenDrained(() => {
            patch(key, () => ({ state: 'done', mode: d.mode ?? null, messageId: d.messageId ?? null }));
            status.value = 'Answer complete.';
            if (d.conversationId) onDone(d.conversationId);
          });
        } else if (event === 'error') {
          failed = true;
          paced.flush();
          const problem = Problem.of(parse<Record<string, unknown>>(data) ?? {});
          patch(key, () => ({ state: 'error', problem }));
          status.value = 'The answer failed.';
        }
      },
    );
    if (!done && !failed) {
      paced.flush();
      lost(key);
    }
  } catch (e) {
    if (!done) paced.flush();
    if (e instanceof DOMException && e.name === 'AbortError') {
      patch(key, (t) => (t.state === 'streaming' ? { state: 'stopped' } : {}));
      status.value = 'Stopped.';
    } else if (e instanceof Problem && e.status !== 0) {
      patch(key, () => ({ state: 'error', problem: e }));
      status.value = 'The question was refused.';
    } else if (!done && !failed) {
      lost(key);
    }
  } finally {
    if (controller === mine) controller = null;
  }
}

function lost(key: string): void {
  patch(key, () => ({ state: 'lost' }));
  status.value = 'Connection lost: the answer is incomplete.';
}

export function stop(): void {
  controller?.abort();
}

export async function loadConversations(page = conversationsPage.value): Promise<void> {
  try {
    const answer = await api<Page<ConversationItem>>(`/api/conversations?page=${page}&size=15`);
    if (answer.items.length === 0 && page > 0 && answer.total > 0) {
      conversationsPage.value = Math.max(0, Math.ceil(answer.total / 15) - 1);
      return loadConversations(conversationsPage.value);
    }
    conversationsPage.value = page;
    conversations.value = answer;
    conversationsProblem.value = null;
  } catch (e) {
    conversationsProblem.value = e;
  }
}

export async function removeConversation(id: string): Promise<void> {
  await api(`/api/conversations/${encodeURIComponent(id)}`, { method: 'DELETE' });
  if (conversationId.value === id) reset();
  await loadConversations();
}

export async function sendFeedback(messageId: string, rating: 'up' | 'down', comment?: string): Promise<void> {
  await api(`/api/messages/${encodeURIComponent(messageId)}/feedback`, { method: 'POST', body: { rating, ...(comment ? { comment } : {}) } });
}

function parse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}
