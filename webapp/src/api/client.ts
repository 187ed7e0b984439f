import { signal } from '@preact/signals';
import { Problem } from './problem';

/**
 * The one way the app talks to the API. The access token lives only in this module's memory; the
 * refresh token lives in the HttpOnly cookie `rag_refresh` that auth-service sets in cookie mode
 * (`X-Refresh-Token-Mode: cookie`), scoped to the refresh path, so no script can read either from
 * storage. A reload restores the session through `POST /api/auth/refresh/cookie` (which checks the
 * Origin and needs the mode header, so another site cannot drive it). The token is refreshed a
 * minute before it expires; a 401 retries once after a refresh, and a session that cannot be
 * refreshed (revoked, expired) ends with a message for the sign-in page.
 */

export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: 'user' | 'admin';
  sessionId: string;
}

const MODE_HEADER = 'X-Refresh-Token-Mode';
const REFRESH_EARLY_MS = 60_000;
/**
 * A marker (no secret: just "1") that this browser holds a refresh cookie, so a page load without
 * one does not ask for a refresh it would be refused (a 401 in the console of every new visitor),
 * and a refused refresh with one can say that the session ended rather than show a bare sign-in page.
 */
const SIGNED_IN_MARKER = 'rag-suite.signed-in';
export const SESSION_ENDED = 'Your session has ended (it was signed out or expired). Please sign in again.';

let accessToken: string | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | null = null;
let lastRefreshStatus = 0;
let landing: string | null = null;
const sessionEndListeners = new Set<() => void>();

/** The signed-in user, or null; components re-render when it changes. */
export const me = signal<Me | null>(null);
/** Why the last session ended (shown on the sign-in page), or null. */
export const sessionEndedReason = signal<string | null>(null);

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** JSON request; resolves to the parsed body (undefined for 204), rejects with a {@link Problem}. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * The raw response of a successful request (streams, uploads' headers); rejects with a
 * {@link Problem} for any non-2xx answer.
 */
export async function send(path: string, options: RequestOptions = {}, retried = false): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, body, signal: options.signal, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw Problem.network(e);
  }
  if (response.status === 401 && accessToken && !retried) {
    if (await refreshSession()) return send(path, options, true);
    endSession(SESSION_ENDED);
  }
  if (!response.ok) throw await Problem.from(response);
  return response;
}

/** The current access token, for requests the app makes without fetch (upload progress uses XHR). */
export function bearer(): string | null {
  return accessToken;
}

export async function signIn(email: string, password: string): Promise<Me> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', [MODE_HEADER]: 'cookie' },
    body: JSON.stringify({ email, password }),
    credentials: 'same-origin',
  }).catch((e) => {
    throw Problem.network(e);
  });
  if (!response.ok) throw await Problem.from(response);
  accept(await response.json());
  sessionEndedReason.value = null;
  setMarker(true);
  return loadMe();
}

export async function register(email: string, password: string, displayName: string): Promise<void> {
  await api('/api/auth/register', { method: 'POST', body: { email, password, displayName } });
}

/** On start: a refresh cookie left by an earlier page load signs the user back in. */
export async function restoreSession(): Promise<Me | null> {
  if (!hasMarker()) return null;
  if (!(await refreshSession())) {
    if (lastRefreshStatus === 401) endSession(SESSION_ENDED);
    else if (lastRefreshStatus !== 0) setMarker(false);
    return null;
  }
  return loadMe().catch(() => null);
}

/** Where the shell goes after the next sign-in (registration lands on /documents); read once. */
export function landAfterSignIn(path: string | null): void {
  landing = path;
}

export function takeLanding(fallback: string): string {
  const path = landing ?? fallback;
  landing = null;
  return path;
}

/**
 * Runs `listener` whenever a session ends in this page (sign-out, revoked, expired): modules that
 * keep signed-in data outside components (caches, open streams) drop it there. Returns an unsubscribe.
 */
export function onSessionEnd(listener: () => void): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

export async function signOut(): Promise<void> {
  try {
    if (accessToken) await send('/api/auth/logout', { method: 'POST' });
  } catch {
    // the session is ended here whatever the server said; a revoked one is already gone there
  }
  endSession(null);
}

/** Forgets the session in this page; `reason` is shown on the sign-in page. */
export function endSession(reason: string | null): void {
  accessToken = null;
  clearTimeout(refreshTimer);
  setMarker(false);
  landing = null;
  me.value = null;
  sessionEndedReason.value = reason;
  for (const listener of sessionEndListeners) {
    try {
      listener();
    } catch {
      // one module's clean-up must not keep the others from theirs
    }
  }
}

function hasMarker(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_MARKER) === '1';
  } catch {
    return true; // storage switched off: try the refresh as before
  }
}

function setMarker(on: boolean): void {
  try {
    if (on) localStorage.setItem(SIGNED_IN_MARKER, '1');
    else localStorage.removeItem(SIGNED_IN_MARKER);
  } catch {
    // storage switched off
  }
}

async function loadMe(): Promise<Me> {
  const user = await api<Me>('/api/auth/me');
  me.value = user;
  return user;
}

function accept(body: { accessToken: string; expiresIn: number }): void {
  accessToken = body.accessToken;
  clearTimeout(refreshTimer);
  const delay = Math.max(5_000, body.expiresIn * 1000 - REFRESH_EARLY_MS);
  refreshTimer = setTimeout(() => {
    void refreshSession().then((ok) => {
      if (!ok && me.value && lastRefreshStatus !== 0) endSession(SESSION_ENDED);
    });
  }, delay);
}

/**
 * One refresh at a time, in this page and across this browser's tabs: they share the one refresh
 * cookie, and two tabs presenting it at once (two reloads, two timers) would look to auth-service
 * like a stolen token replayed, which ends the session. The Web Locks API queues the second tab
 * behind the first, so it sends the cookie the first one got back. True when a new access token was
 * obtained.
 */
function refreshSession(): Promise<boolean> {
  refreshing ??= acrossTabs(async () => {
    try {
      const response = await fetch('/api/auth/refresh/cookie', {
        method: 'POST',
        headers: { Accept: 'application/json', [MODE_HEADER]: 'cookie' },
        credentials: 'same-origin',
        cache: 'no-store',
      });
      lastRefreshStatus = response.status;
      if (!response.ok) return false;
      accept(await response.json());
      return true;
    } catch {
      lastRefreshStatus = 0;
      return false;
    }
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function acrossTabs<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? (locks.request('rag-suite-refresh', task) as Promise<T>) : task();
}
