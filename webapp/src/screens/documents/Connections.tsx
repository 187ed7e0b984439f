import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Page } from '../../api/paging';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { ProblemAlert } from '../../components/ProblemAlert';

/** What a sync did (`sync.last`). */
interface SyncFigures {
  tasks: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  millis: number;
}

/** A connection as `GET /api/connectors` shows it (never the token: only its last four characters). */
export interface Connection {
  id: string;
  type: string;
  status: 'idle' | 'syncing' | 'failed' | 'needs_reauth';
  tokenHint: string;
  scope: { workspaceId: string; spaceIds: string[]; listIds: string[] };
  externalUser: string | null;
  lastSyncAt: string | null;
  lastError: string | null;
  documentsImported: number;
  sync: { requestedAt: string | null; fullRequested: boolean; startedAt: string | null; lastFullSyncAt: string | null; last: SyncFigures | null };
}

/** Whether a sync is asked for or running (the panel then polls until it ends). */
export function busy(c: Connection): boolean {
  return c.status === 'syncing' || c.sync.requestedAt !== null;
}

/** One line on what the latest sync did. */
export function lastSyncSentence(c: Connection): string {
  const last = c.sync.last;
  if (!last || !c.lastSyncAt) return 'Not synced yet.';
  const parts = [`${last.tasks} ${last.tasks === 1 ? 'task' : 'tasks'} read`];
  if (last.created) parts.push(`${last.created} new`);
  if (last.updated) parts.push(`${last.updated} updated`);
  if (last.deleted) parts.push(`${last.deleted} removed`);
  return `Last synced ${new Date(c.lastSyncAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}: ${parts.join(', ')}.`;
}

/** Comma- or space-separated ClickUp ids, as the form takes them. */
export function idsOf(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

const POLL_MS = 1000;

/**
 * The user's ClickUp connections on the Documents screen: connect with a personal token (checked by ClickUp
 * before it is kept, shown afterwards only as its last four characters), sync now, send a new token when
 * ClickUp refused the old one, disconnect. {@code onImported} reloads the document list when a sync ends.
 */
export function Connections({ onImported }: { onImported: () => void }) {
  const [connections, setConnections] = useState<Connection[] | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [token, setToken] = useState('');
  const [workspace, setWorkspace] = useState('');
  const [lists, setLists] = useState('');
  const [saving, setSaving] = useState(false);
  const aborts = useRef(new AbortController());
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const imported = useRef(onImported);
  const wasBusy = useRef(false);
  imported.current = onImported;

  const load = useCallback(async () => {
    try {
      const page = await api<Page<Connection>>('/api/connectors?size=50', { signal: aborts.current.signal });
      const syncing = page.items.some(busy);
      if (wasBusy.current && !syncing) imported.current(); // a sync ended: its documents are in the list now
      wasBusy.current = syncing;
      setConnections(page.items);
      clearTimeout(timer.current);
      if (page.items.some(busy)) timer.current = setTimeout(() => void load(), POLL_MS);
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setProblem(e);
    }
  }, []);

  useEffect(() => {
    void load();
    return () => {
      aborts.current.abort();
      clearTimeout(timer.current);
    };
  }, [load]);

  const act = async (what: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await what();
    } catch (e) {
      setProblem(e);
    }
    await load();
  };

  const connect = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    await act(async () => {
      const created = await api<Connection>('/api/connectors', {
        method: 'POST',
        body: { type: 'clickup', token: token.trim(), workspaceId: workspace.trim(), listIds: idsOf(lists) },
      });
      setToken('');
      await api(`/api/connectors/${created.id}/sync`, { method: 'POST' });
    });
    setSaving(false);
  };

  return (
    <section aria-labelledby="connections-title" class="d-connections">
      <h2 id="connections-title">ClickUp</h2>
      <p class="ui-muted">
        Import the tasks of a ClickUp workspace (with their comments) as documents, kept in step every 15 minutes; answers
        link back to the task.
      </p>
      <ProblemAlert problem={problem} />
      {connections?.map((c) => (
        <ConnectionView key={c.id} c={c} act={act} />
      ))}
      {connections && connections.length === 0 && (
        <form class="d-connect" onSubmit={(e) => void connect(e)}>
          <Field id="clickup-token" label="ClickUp personal token" type="password" value={token} onInput={setToken} required
            autoComplete="off" help="ClickUp → Settings → Apps → API Token (pk_…). It is stored encrypted and never shown again." />
          <Field id="clickup-workspace" label="Workspace id" value={workspace} onInput={setWorkspace} required
            help="The number after app.clickup.com/ in your workspace's address." />
          <Field id="clickup-lists" label="List ids (optional)" value={lists} onInput={setLists}
            help="Comma-separated; empty imports every list of the workspace." />
          <button type="submit" class="ui-btn primary" disabled={saving}>
            {saving ? 'Connecting…' : 'Connect ClickUp'}
          </button>
        </form>
      )}
    </section>
  );
}

function ConnectionView({ c, act }: { c: Connection; act: (what: () => Promise<unknown>) => Promise<void> }) {
  const [newToken, setNewToken] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const label = `ClickUp workspace ${c.scope.workspaceId}`;
  return (
    <article class={`d-connection ${c.status}`} aria-label={label}>
      <p>
        <strong>{label}</strong> · token …{c.tokenHint.replace(/^…/, '')}
        {c.externalUser && <> · {c.externalUser}</>} · <span class={`d-status ${c.status}`}>{busy(c) ? 'syncing' : c.status.replace('_', ' ')}</span>
      </p>
      <p role="status">
        {c.documentsImported} {c.documentsImported === 1 ? 'document' : 'documents'} imported. {lastSyncSentence(c)}
      </p>
      {c.lastError && <p class="d-error">{c.lastError}</p>}
      {c.status === 'needs_reauth' ? (
        <form class="d-connect" onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await api(`/api/connectors/${c.id}`, { method: 'PATCH', body: { token: newToken.trim() } });
            setNewToken('');
            await api(`/api/connectors/${c.id}/sync`, { method: 'POST' });
          });
        }}>
          <Field id={`token-${c.id}`} label="New ClickUp token" type="password" value={newToken} onInput={setNewToken} required autoComplete="off" />
          <button type="submit" class="ui-btn primary">Save the new token</button>
        </form>
      ) : (
        <div class="actions">
          <button type="button" class="ui-btn small" disabled={busy(c)}
            onClick={() => void act(() => api(`/api/connectors/${c.id}/sync?full=true`, { method: 'POST' }))}>
            {busy(c) ? 'Syncing…' : 'Sync now'}
          </button>
          <button type="button" class="ui-btn danger small" aria-label={`Disconnect ${label}`} onClick={() => setConfirming(true)}>
            Disconnect
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog title={`Disconnect ${label}?`} confirmLabel="Disconnect" danger busy={removing}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setRemoving(true);
            void act(() => api(`/api/connectors/${c.id}`, { method: 'DELETE' })).then(() => {
              setRemoving(false);
              setConfirming(false);
            });
          }}>
          <p>
            Its token is deleted, and so are the {c.documentsImported} documents it imported (answers will no longer cite
            them). Nothing changes in ClickUp.
          </p>
        </ConfirmDialog>
      )}
    </article>
  );
}
