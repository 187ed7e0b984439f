import { api, bearer } from '../../api/client';
import { Problem } from '../../api/problem';

export interface UploadAnswer {
  /** true for 200: these exact bytes were already uploaded */
  duplicate: boolean;
  id: string;
  name: string;
  status: string;
  version: number;
}

/**
 * `POST /api/documents` with XMLHttpRequest, whose `upload.onprogress` reports the bytes sent (fetch
 * cannot). Rejects with a {@link Problem} (the server's 413/415/… detail, or a network failure).
 */
export async function uploadFile(file: File, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<UploadAnswer> {
  try {
    return await once(file, onProgress, signal);
  } catch (e) {
    if (!(e instanceof Problem) || e.status !== 401) throw e;
    // the access token expired meanwhile: any API call refreshes it (or ends the session), then once more
    await api('/api/auth/me');
    return once(file, onProgress, signal);
  }
}

function once(file: File, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/documents');
    xhr.setRequestHeader('Accept', 'application/json');
    const token = bearer();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as Record<string, unknown>) : {};
      } catch {
        body = {};
      }
      if (xhr.status === 200 || xhr.status === 202 || xhr.status === 201) {
        resolve({
          duplicate: xhr.status === 200,
          id: String(body.id),
          name: String(body.name ?? file.name),
          status: String(body.status ?? 'queued'),
          version: Number(body.version ?? 1),
        });
        return;
      }
      const retry = xhr.getResponseHeader('Retry-After');
      reject(Problem.of(body, xhr.status, retry && /^\d+$/.test(retry) ? Number(retry) : null));
    };
    xhr.onerror = () => reject(Problem.network(new Error('the upload was interrupted')));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
