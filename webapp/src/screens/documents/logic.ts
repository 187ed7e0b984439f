/** Pure logic of the Documents screen: the client-side file check and each upload row's progress. */

/** The server refuses larger files with 413; the client says so before sending anything. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** What ingest-service accepts (it sniffs the bytes; the extensions are the person's hint). */
export const SUPPORTED_TYPES = 'PDF, Word (DOCX), PowerPoint (PPTX), Excel (XLSX), OpenDocument text (ODT), EPUB, HTML, Markdown, plain text, CSV and e-mail (EML)';
export const SUPPORTED_EXTENSIONS = ['pdf', 'docx', 'pptx', 'xlsx', 'odt', 'epub', 'html', 'htm', 'xhtml', 'md', 'markdown', 'txt', 'text', 'csv', 'eml'];
/** For the file picker's `accept`. */
export const ACCEPT = SUPPORTED_EXTENSIONS.map((e) => '.' + e).join(',');

/** Extensions that are certainly not documents: refused here instead of uploading megabytes for a 415. */
const UNSUPPORTED_EXTENSIONS = new Set([
  'zip', '7z', 'rar', 'gz', 'tgz', 'bz2', 'xz', 'tar', 'exe', 'dll', 'msi', 'bin', 'iso', 'dmg', 'apk', 'jar', 'class', 'so', 'o',
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'heic', 'svg', 'ico', 'psd',
  'mp3', 'wav', 'flac', 'ogg', 'm4a', 'aac', 'mp4', 'mov', 'avi', 'mkv', 'webm', 'wmv',
  'doc', 'ppt', 'xls', 'pages', 'key', 'numbers', 'sqlite', 'db',
]);
const UNSUPPORTED_MIME = /^(image|audio|video)\/|^application\/(zip|x-zip-compressed|x-7z-compressed|x-rar-compressed|x-msdownload|x-msdos-program|x-executable|vnd\.microsoft\.portable-executable|octet-stream-exe|java-archive|x-tar|gzip|x-gzip)$/;

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** A readable reason the file cannot be uploaded, or null when it may be sent. */
export function checkFile(file: { name: string; size: number; type?: string }): string | null {
  if (file.size > MAX_UPLOAD_BYTES) {
    return `${file.name} is ${formatBytes(file.size)}: files can be at most 50 MiB.`;
  }
  if (file.size === 0) {
    return `${file.name} is empty: there is nothing to index.`;
  }
  const ext = extensionOf(file.name);
  if (UNSUPPORTED_EXTENSIONS.has(ext) || (!SUPPORTED_EXTENSIONS.includes(ext) && UNSUPPORTED_MIME.test(file.type ?? ''))) {
    return `${file.name} is not a supported type${ext ? ` (.${ext})` : ''}. Supported: ${SUPPORTED_TYPES}.`;
  }
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GiB`;
}

export type Phase =
  | 'rejected' // refused by the client-side check or the server (message says why)
  | 'uploading'
  | 'duplicate' // 200: the same bytes were already uploaded
  | 'queued'
  | 'processing'
  | 'parsed'
  | 'embedded'
  | 'retrying'
  | 'indexed'
  | 'failed'
  | 'deleted'
  | 'lost'; // the progress stream ended before a final state

export interface UploadRow {
  key: string;
  name: string;
  size: number;
  phase: Phase;
  /** upload bytes sent / to send */
  sent: number;
  total: number;
  /** chunks embedded / to embed */
  done: number;
  chunks: number;
  documentId?: string;
  version?: number;
  message?: string;
  nextAttemptAt?: string;
}

export type RowAction =
  | { type: 'progress'; sent: number; total: number }
  | { type: 'uploaded'; duplicate: boolean; id: string; version: number; status: string }
  | { type: 'refused'; message: string }
  | { type: 'event'; status: string; version?: number | null; done?: number | null; total?: number | null; reason?: string | null }
  | { type: 'retry-at'; nextAttemptAt: string | null }
  | { type: 'lost' };

export const FINAL: ReadonlySet<Phase> = new Set(['rejected', 'duplicate', 'indexed', 'failed', 'deleted', 'lost']);

export function newRow(key: string, file: { name: string; size: number; type?: string }): UploadRow {
  const problem = checkFile(file);
  return {
    key, name: file.name, size: file.size, phase: problem ? 'rejected' : 'uploading',
    sent: 0, total: file.size, done: 0, chunks: 0, message: problem ?? undefined,
  };
}

const EVENT_PHASES: Record<string, Phase> = {
  queued: 'queued', processing: 'processing', parsed: 'parsed', embedded: 'embedded',
  retrying: 'retrying', indexed: 'indexed', failed: 'failed', deleted: 'deleted',
};

const RANK: Partial<Record<Phase, number>> = { uploading: 0, queued: 1, processing: 2, parsed: 3, embedded: 4 };

/** The next state of an upload row. A final state stays final. */
export function rowReducer(row: UploadRow, action: RowAction): UploadRow {
  if (FINAL.has(row.phase) && action.type !== 'uploaded') return row;
  switch (action.type) {
    case 'progress':
      return row.phase === 'uploading' ? { ...row, sent: action.sent, total: action.total || row.total } : row;
    case 'uploaded': {
      if (action.duplicate) {
        return { ...row, phase: 'duplicate', sent: row.total, documentId: action.id, version: action.version,
          message: `Already uploaded: ${row.name} (version ${action.version})` };
      }
      const phase = EVENT_PHASES[action.status] ?? 'queued';
      return { ...row, phase, sent: row.total, documentId: action.id, version: action.version };
    }
    case 'refused':
      return { ...row, phase: 'rejected', message: action.message };
    case 'event': {
      let phase = EVENT_PHASES[action.status];
      if (!phase) return row;
      // the stream also re-reads the document every few seconds: a polled "processing" arriving after
      // "parsed"/"embedded" must not move the bar back (after "retrying" any phase may follow)
      const rank = RANK[phase];
      const current = RANK[row.phase];
      if (rank !== undefined && current !== undefined && rank < current) phase = row.phase;
      const next: UploadRow = { ...row, phase, sent: row.total };
      if (action.version != null) next.version = action.version;
      if (action.total != null) next.chunks = action.total;
      if (action.done != null && (phase !== row.phase || action.done >= row.done)) next.done = action.done;
      if (phase === 'indexed') next.done = next.chunks;
      if (phase === 'failed' || phase === 'retrying') next.message = action.reason ?? undefined;
      else next.message = undefined;
      if (phase !== 'retrying') next.nextAttemptAt = undefined;
      return next;
    }
    case 'retry-at':
      return row.phase === 'retrying' ? { ...row, nextAttemptAt: action.nextAttemptAt ?? undefined } : row;
    case 'lost':
      return { ...row, phase: 'lost', message: 'The progress stream ended early; the list below shows the document’s state.' };
  }
}

/**
 * One bar per file, 0–100: the upload's bytes fill the first half, indexing the second
 * (queued, processing, parsed, then embedded chunks done/total, indexed).
 */
export function percentOf(row: UploadRow): number {
  switch (row.phase) {
    case 'uploading':
      return row.total > 0 ? Math.round((row.sent / row.total) * 50) : 0;
    case 'queued':
      return 50;
    case 'processing':
    case 'retrying':
      return 55;
    case 'parsed':
      return 60;
    case 'embedded':
      return row.chunks > 0 ? 60 + Math.round((row.done / row.chunks) * 38) : 60;
    case 'indexed':
    case 'duplicate':
      return 100;
    default:
      return 0;
  }
}

/** The row's status in words. */
export function describe(row: UploadRow, now = Date.now()): string {
  switch (row.phase) {
    case 'rejected':
    case 'duplicate':
      return row.message ?? '';
    case 'uploading':
      return `Uploading… ${row.total > 0 ? Math.round((row.sent / row.total) * 100) : 0}%`;
    case 'queued':
      return 'Uploaded; waiting to be indexed';
    case 'processing':
      return 'Reading the document…';
    case 'parsed':
      return row.chunks > 0 ? `Read: ${row.chunks} passages to index` : 'Read; indexing…';
    case 'embedded':
      return `Indexing: ${row.done} of ${row.chunks} passages`;
    case 'retrying': {
      const when = row.nextAttemptAt ? Date.parse(row.nextAttemptAt) : NaN;
      const wait = Number.isFinite(when) ? ` Next attempt ${when <= now ? 'soon' : `at ${new Date(when).toLocaleTimeString()}`}.` : ' It will be retried.';
      return `Attempt failed: ${sentence(row.message ?? 'unknown reason')}${wait}`;
    }
    case 'indexed':
      return `Indexed${row.chunks ? ` (${row.chunks} passages)` : ''}: ready for questions`;
    case 'failed':
      return `Failed: ${sentence(row.message ?? 'unknown reason')}`;
    case 'deleted':
      return 'Deleted';
    case 'lost':
      return row.message ?? '';
  }
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : text + '.';
}
