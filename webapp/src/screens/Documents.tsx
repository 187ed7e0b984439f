import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Page } from '../api/paging';
import { streamEvents } from '../api/sse';
import { Pager } from '../components/Pager';
import { ProblemAlert } from '../components/ProblemAlert';
import { ACCEPT, FINAL, SUPPORTED_TYPES, describe, formatBytes, newRow, percentOf, rowReducer, type RowAction, type UploadRow } from './documents/logic';
import { uploadFile } from './documents/upload';
import { Connections } from './documents/Connections';
import './shared.css';
import './documents/documents.css';

/** A document as `GET /api/documents` lists it. */
export interface DocumentItem {
  id: string;
  name: string;
  contentType: string | null;
  sizeBytes: number;
  status: string;
  chunkCount: number | null;
  error: string | null;
  createdAt: string;
  updatedAt: string | null;
  indexedAt: string | null;
  version: number;
  lastError?: string | null;
  nextAttemptAt?: string | null;
  /** another user's document an admin published to everyone: read-only here */
  shared?: boolean;
  /** where it came from: an upload, a web address, or a ClickUp task (with its link) */
  source?: { type: 'upload' | 'url' | 'clickup'; externalId?: string | null; url?: string | null };
}

interface Deleted {
  id: string;
  deleted: boolean;
  vectorsRemoved: number;
  vectorsRemaining: number;
  keywordEntriesRemaining: number;
  stagedChunksRemaining: number;
  bytesRemaining: number;
  rowsRemaining: number;
}

const PAGE_SIZE = 10;
let rowCounter = 0;

/** /documents: upload (drop or pick) with per-file progress, the paged list, delete with a confirmation. */
export function Documents() {
  const [rows, setRows] = useState<UploadRow[]>([]);
  const [page, setPage] = useState<Page<DocumentItem> | null>(null);
  const [pageNo, setPageNo] = useState(0);
  const [listProblem, setListProblem] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);
  const [toDelete, setToDelete] = useState<DocumentItem | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteProblem, setDeleteProblem] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const aborts = useRef(new AbortController());
  const dialog = useRef<HTMLDialogElement>(null);
  const pageRef = useRef(0);
  pageRef.current = pageNo;

  useEffect(() => () => aborts.current.abort(), []);

  const load = useCallback(async (n: number) => {
    try {
      const answer = await api<Page<DocumentItem>>(`/api/documents?page=${n}&size=${PAGE_SIZE}`, { signal: aborts.current.signal });
      if (answer.items.length === 0 && n > 0 && answer.total > 0) {
        setPageNo(Math.max(0, Math.ceil(answer.total / PAGE_SIZE) - 1));
        return;
      }
      setPage(answer);
      setListProblem(null);
    } catch (e) {
      if (!isAbort(e)) setListProblem(e);
    }
  }, []);

  useEffect(() => {
    void load(pageNo);
  }, [pageNo, load]);

  const reload = () => void load(pageRef.current);

  // documents being indexed that no upload row follows (a connector's, another tab's): look again until they end
  useEffect(() => {
    if (!page?.items.some((d) => d.status === 'queued' || d.status === 'processing')) return undefined;
    const again = setTimeout(() => void load(pageRef.current), 2000);
    return () => clearTimeout(again);
  }, [page, load]);

  const update = (key: string, action: RowAction) => setRows((all) => all.map((r) => (r.key === key ? rowReducer(r, action) : r)));

  const follow = async (key: string, id: string) => {
    let last = '';
    try {
      await streamEvents(`/api/documents/${id}/events`, { signal: aborts.current.signal }, (_event, data) => {
        let e: { status?: string; version?: number; done?: number; total?: number; reason?: string };
        try {
          e = JSON.parse(data);
        } catch {
          return;
        }
        if (!e.status) return;
        last = e.status;
        update(key, { type: 'event', status: e.status, version: e.version, done: e.done, total: e.total, reason: e.reason });
        if (e.status === 'retrying') {
          void api<DocumentItem>(`/api/documents/${id}`, { signal: aborts.current.signal })
            .then((d) => update(key, { type: 'retry-at', nextAttemptAt: d.nextAttemptAt ?? null }))
            .catch(() => undefined);
        }
        if (e.status === 'indexed' || e.status === 'failed' || e.status === 'deleted') reload();
      });
    } catch (e) {
      if (isAbort(e)) return;
    }
    if (!['indexed', 'failed', 'deleted'].includes(last)) {
      update(key, { type: 'lost' });
      reload();
    }
  };

  const start = async (row: UploadRow, file: File) => {
    try {
      const answer = await uploadFile(file, (sent, total) => update(row.key, { type: 'progress', sent, total }), aborts.current.signal);
      update(row.key, { type: 'uploaded', duplicate: answer.duplicate, id: answer.id, version: answer.version, status: answer.status });
      reload();
      if (!answer.duplicate) await follow(row.key, answer.id);
    } catch (e) {
      if (isAbort(e)) return;
      update(row.key, { type: 'refused', message: `${file.name}: ${e instanceof Error ? e.message : String(e)}` });
    }
  };

  const addFiles = (list: FileList | File[] | null) => {
    if (!list) return;
    const files = Array.from(list);
    if (files.length === 0) return;
    setNotice(null);
    const fresh = files.map((file) => ({ row: newRow(`u${++rowCounter}`, file), file }));
    setRows((all) => [...fresh.map((f) => f.row), ...all]);
    for (const { row, file } of fresh) {
      if (!FINAL.has(row.phase)) void start(row, file);
    }
  };

  const openDelete = (doc: DocumentItem) => {
    setDeleteProblem(null);
    setToDelete(doc);
    queueMicrotask(() => dialog.current?.showModal());
  };

  const confirmDelete = async () => {
    if (!toDelete) return;
    setDeleting(true);
    try {
      const result = await api<Deleted>(`/api/documents/${toDelete.id}`, { method: 'DELETE' });
      dialog.current?.close();
      setNotice(deletedSentence(toDelete.name, result));
      setToDelete(null);
      reload();
    } catch (e) {
      setDeleteProblem(e);
    } finally {
      setDeleting(false);
    }
  };

  const empty = page !== null && page.total === 0 && rows.length === 0;
  const working = rows.some((r) => !FINAL.has(r.phase));

  return (
    <section class="ui-screen documents" aria-labelledby="documents-title">
      <h1 id="documents-title">Documents</h1>
      <div
        class={`d-drop${dragging ? ' dragging' : ''}`}
        onDragEnter={(e) => { e.preventDefault(); setDragging(true); }}
        onDragOver={(e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; }}
        onDragLeave={(e) => { if (e.currentTarget === e.target) setDragging(false); }}
        onDrop={(e) => { e.preventDefault(); setDragging(false); addFiles(e.dataTransfer?.files ?? null); }}
      >
        <p><strong>Drop files here</strong> to upload them, several at once if you like, or</p>
        <span class="d-pick">
          <input
            id="documents-files"
            type="file"
            multiple
            accept={ACCEPT}
            aria-describedby="documents-types"
            onChange={(e) => {
              const input = e.currentTarget;
              addFiles(input.files);
              input.value = '';
            }}
          />
          <label for="documents-files" class="ui-btn primary">Choose files</label>
        </span>
        <p id="documents-types" class="ui-muted">Supported: {SUPPORTED_TYPES}; up to 50 MiB each.</p>
      </div>

      {rows.length > 0 && (
        <section aria-labelledby="uploads-title">
          <div class="d-uploads-head">
            <h2 id="uploads-title">Uploads</h2>
            {!working && (
              <button type="button" class="ui-btn small" onClick={() => setRows([])}>
                Clear finished uploads
              </button>
            )}
          </div>
          <ul class="d-uploads" aria-busy={working}>
            {rows.map((row) => (
              <UploadRowView key={row.key} row={row} />
            ))}
          </ul>
        </section>
      )}

      <Connections onImported={reload} />

      {notice && (
        <p class="ui-notice" role="status">
          {notice}
        </p>
      )}

      <ProblemAlert problem={listProblem} />

      {empty ? (
        <div class="d-empty">
          <h2>Upload your first documents…</h2>
          <p>
            …and then ask questions about them in the Chat: every answer cites the passages it came from. Drop files above or
            choose them. Supported: {SUPPORTED_TYPES}, up to 50 MiB each.
          </p>
        </div>
      ) : (
        page && page.total > 0 && (
          <section aria-labelledby="list-title">
            <h2 id="list-title">Your documents ({page.total})</h2>
            <div class="d-table-wrap">
              <table class="d-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Status</th>
                    <th scope="col" class="num">Size</th>
                    <th scope="col" class="num">Chunks</th>
                    <th scope="col" class="num">Version</th>
                    <th scope="col">Uploaded</th>
                    <th scope="col"><span class="ui-hidden">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((d) => (
                    <tr key={d.id}>
                      <td class="name">
                        {d.name}
                        {d.shared && <span class="d-shared" title="Published to everyone by an admin; read-only">shared</span>}
                        {d.source && d.source.type !== 'upload' && d.source.url && (
                          <a class="d-source" href={d.source.url} target="_blank" rel="noopener noreferrer"
                            aria-label={`${d.name} in ${d.source.type === 'clickup' ? 'ClickUp' : 'its web page'}`}>
                            {d.source.type === 'clickup' ? 'ClickUp' : 'web page'}
                          </a>
                        )}
                      </td>
                      <td data-label="Status">
                        <span class={`d-status ${d.status}`}>{d.status}</span>
                        {d.status === 'failed' && d.error && <span class="d-error">{d.error}</span>}
                        {d.status !== 'failed' && d.lastError && d.nextAttemptAt && (
                          <span class="d-error">Retrying ({d.lastError}); next attempt at {new Date(d.nextAttemptAt).toLocaleTimeString()}</span>
                        )}
                      </td>
                      <td class="num" data-label="Size">{formatBytes(d.sizeBytes)}</td>
                      <td class="num" data-label="Chunks">{d.chunkCount ?? '–'}</td>
                      <td class="num" data-label="Version">{d.version}</td>
                      <td data-label="Uploaded"><time dateTime={d.createdAt}>{formatDate(d.createdAt)}</time></td>
                      <td>
                        {!d.shared && (
                          <button type="button" class="ui-btn danger small" aria-label={`Delete ${d.name}`} onClick={() => openDelete(d)}>
                            Delete
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page} onPage={setPageNo} label="Documents" />
          </section>
        )
      )}

      <dialog ref={dialog} class="ui-dialog" aria-labelledby="delete-title" onClose={() => setToDelete(null)}>
        {toDelete && (
          <form method="dialog" onSubmit={(e) => { e.preventDefault(); void confirmDelete(); }}>
            <h2 id="delete-title">Delete {toDelete.name}?</h2>
            <p>Its file and all its passages are removed from the search index; answers will no longer cite it. This cannot be undone.</p>
            <ProblemAlert problem={deleteProblem} />
            <div class="actions">
              <button type="button" class="ui-btn" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
              <button type="submit" class="ui-btn danger" disabled={deleting}>
                {deleting ? 'Deleting…' : 'Delete'}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </section>
  );
}

function UploadRowView({ row }: { row: UploadRow }) {
  const text = describe(row);
  const showBar = row.phase !== 'rejected' && row.phase !== 'lost' && row.phase !== 'failed';
  const id = `${row.key}-state`;
  return (
    <li class={`d-upload ${row.phase}`}>
      <span class="name">{row.name}</span>
      <span class="ui-muted">{formatBytes(row.size)}</span>
      {showBar && (
        <progress max={100} value={percentOf(row)} aria-label={`Progress of ${row.name}`} aria-describedby={id} />
      )}
      <p class="state" id={id} role={row.phase === 'rejected' || row.phase === 'failed' ? 'alert' : undefined}>
        {text}
      </p>
    </li>
  );
}

export function deletedSentence(name: string, r: Deleted): string {
  const remaining = [
    [r.vectorsRemaining, 'vectors'],
    [r.keywordEntriesRemaining, 'keyword entries'],
    [r.stagedChunksRemaining, 'staged chunks'],
    [r.bytesRemaining, 'stored bytes'],
    [r.rowsRemaining, 'database rows'],
  ] as const;
  const left = remaining.filter(([n]) => n > 0);
  const removed = `Deleted ${name}: ${r.vectorsRemoved} ${r.vectorsRemoved === 1 ? 'vector' : 'vectors'} removed from the index`;
  if (left.length === 0) return `${removed}; nothing remains (0 vectors, keyword entries, staged chunks, stored bytes and database rows).`;
  return `${removed}; still remaining: ${left.map(([n, what]) => `${n} ${what}`).join(', ')}.`;
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}
