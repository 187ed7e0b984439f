import { useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Pager } from '../../components/Pager';
import { ProblemAlert } from '../../components/ProblemAlert';
import { conversations, conversationsProblem, loadConversations, removeConversation, type ConversationItem } from './store';

/** The sidebar: the person's conversations, newest first, paged; open one, delete one after a confirmation. */
export function ConversationList({ current, onOpened }: { current: string | null; onOpened: () => void }) {
  const { route } = useLocation();
  const page = conversations.value;
  const dialog = useRef<HTMLDialogElement>(null);
  const [target, setTarget] = useState<ConversationItem | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const askDelete = (c: ConversationItem) => {
    setProblem(null);
    setTarget(c);
    queueMicrotask(() => dialog.current?.showModal());
  };

  const confirm = async () => {
    if (!target) return;
    setBusy(true);
    try {
      await removeConversation(target.id);
      dialog.current?.close();
      if (target.id === current) route('/chat');
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2 id="conversations-title">Conversations</h2>
      <ProblemAlert problem={conversationsProblem.value} />
      {page && page.total === 0 && <p class="ui-muted">No conversations yet: your questions and answers will be kept here.</p>}
      {page && page.items.length > 0 && (
        <ul class="c-conversations">
          {page.items.map((c) => (
            <li key={c.id} class={c.id === current ? 'current' : undefined}>
              <a href={`/chat/${c.id}`} aria-current={c.id === current ? 'page' : undefined} onClick={onOpened}>
                <span class="title">{c.title || 'Untitled conversation'}</span>
                <time class="ui-muted" dateTime={c.updatedAt ?? c.createdAt}>
                  {formatWhen(c.updatedAt ?? c.createdAt)}
                </time>
              </a>
              <button type="button" class="ui-btn small c-delete" aria-label={`Delete conversation ${c.title || 'Untitled conversation'}`} onClick={() => askDelete(c)}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} onPage={(n) => void loadConversations(n)} label="Conversations" />
      <dialog ref={dialog} class="ui-dialog" aria-labelledby="delete-conversation-title" onClose={() => setTarget(null)}>
        {target && (
          <form method="dialog" onSubmit={(e) => { e.preventDefault(); void confirm(); }}>
            <h2 id="delete-conversation-title">Delete the conversation “{target.title || 'Untitled conversation'}”?</h2>
            <p>Its questions and answers are removed. Your documents stay.</p>
            <ProblemAlert problem={problem} />
            <div class="actions">
              <button type="button" class="ui-btn" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
              <button type="submit" class="ui-btn danger" disabled={busy}>
                {busy ? 'Deleting…' : 'Delete'}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date();
  return d.toDateString() === today.toDateString()
    ? d.toLocaleTimeString(undefined, { timeStyle: 'short' })
    : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
}
