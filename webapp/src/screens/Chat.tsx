import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { api } from '../api/client';
import type { Page } from '../api/paging';
import { ProblemAlert } from '../components/ProblemAlert';
import { ConversationList } from './chat/ConversationList';
import { TurnView } from './chat/TurnView';
import { ask, conversationId, loadConversations, loadProblem, loading, open, status, stop, streaming, turns } from './chat/store';
import './shared.css';
import './chat/chat.css';

/** /chat (a new conversation) and /chat/:id: the conversations beside the questions and streamed answers. */
export function Chat() {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id ?? null;
  const [question, setQuestion] = useState('');
  const [documents, setDocuments] = useState<number | null>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const end = useRef<HTMLDivElement>(null);
  const busy = streaming();

  useEffect(() => {
    void open(id);
    setSidebarOpen(false);
  }, [id]);

  useEffect(() => {
    const abort = new AbortController();
    api<Page<unknown>>('/api/documents?size=1', { signal: abort.signal })
      .then((p) => setDocuments(p.total))
      .catch(() => undefined);
    void loadConversations();
    return () => abort.abort();
  }, []);

  const submit = (text: string, retryKey?: string) => {
    const q = text.trim();
    if (!q || streaming()) return;
    if (!retryKey) setQuestion('');
    void ask(
      q,
      (cid) => {
        void loadConversations(0);
        if (cid !== id) route(`/chat/${cid}`, true);
      },
      retryKey,
    );
    queueMicrotask(() => end.current?.scrollIntoView({ block: 'end' }));
  };

  const list = turns.value;
  const noDocuments = documents === 0;

  return (
    <div class={`ui-screen c-layout${sidebarOpen ? ' sidebar-open' : ''}`}>
      <aside class="c-sidebar" id="conversations" aria-labelledby="conversations-title">
        <ConversationList current={conversationId.value} onOpened={() => setSidebarOpen(false)} />
      </aside>
      <section class="c-main" aria-labelledby="chat-title">
        <div class="c-head">
          <h1 id="chat-title">Chat</h1>
          <button
            type="button"
            class="ui-btn c-toggle"
            aria-expanded={sidebarOpen}
            aria-controls="conversations"
            onClick={() => setSidebarOpen(!sidebarOpen)}
          >
            {sidebarOpen ? 'Hide conversations' : 'Conversations'}
          </button>
          <a class="ui-btn" href="/chat" onClick={() => input.current?.focus()}>
            New conversation
          </a>
        </div>

        {noDocuments && list.length === 0 && (
          <div class="c-empty">
            <h2>You have no documents yet</h2>
            <p>
              Answers come only from your own documents. <a href="/documents">Upload some on the Documents page</a> (PDF, Word,
              Markdown, HTML, text and more), wait until they are indexed, then ask about them here.
            </p>
          </div>
        )}
        {!noDocuments && list.length === 0 && !loading.value && !loadProblem.value && (
          <p class="c-hint ui-muted">Ask a question about your documents: the answer cites the passages it is based on.</p>
        )}

        {loading.value && <p role="status">Loading the conversation…</p>}
        <ProblemAlert problem={loadProblem.value} />

        <div class="c-thread">
          {list.map((turn, i) => (
            <TurnView key={turn.key} turn={turn} index={i} onRetry={() => submit(turn.question, turn.key)} />
          ))}
          <div ref={end} />
        </div>

        <p class="ui-hidden" aria-live="polite" role="status">
          {status.value}
        </p>

        <form
          class="c-ask"
          onSubmit={(e) => {
            e.preventDefault();
            submit(question);
          }}
        >
          <label for="question">Question</label>
          <textarea
            id="question"
            ref={input}
            rows={2}
            maxLength={2000}
            value={question}
            placeholder={list.length > 0 ? 'Ask a follow-up question…' : 'For example: what is this document about?'}
            onInput={(e) => setQuestion(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                e.preventDefault();
                submit(question);
              }
            }}
          />
          <div class="c-ask-actions">
            {busy ? (
              <button type="button" class="ui-btn danger" onClick={stop}>
                Stop
              </button>
            ) : (
              <button type="submit" class="ui-btn primary" disabled={!question.trim()}>
                Ask
              </button>
            )}
          </div>
        </form>
      </section>
    </div>
  );
}
