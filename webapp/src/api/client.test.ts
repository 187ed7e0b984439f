import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Client = typeof import('./client');

const ME = { id: 'u1', email: 'a@example.com', displayName: 'A', role: 'user', sessionId: 's1' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A fresh copy of the module (its token and timers are module state) with fetch answered by `answer`. */
async function load(answer: (url: string, init: RequestInit) => Response): Promise<{ client: Client; calls: string[] }> {
  vi.resetModules();
  const calls: string[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
    calls.push(`${init.method ?? 'GET'} ${url}`);
    return answer(url, init);
  }));
  return { client: await import('./client'), calls };
}

describe('client session', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('does not ask for a refresh on a first visit (no 401 in a new visitor\'s console)', async () => {
    const { client, calls } = await load(() => json(401, {}));
    expect(await client.restoreSession()).toBeNull();
    expect(calls).toEqual([]);
    expect(client.sessionEndedReason.value).toBeNull();
  });

  it('signs in in cookie mode, remembers that a cookie exists, and restores from it after a reload', async () => {
    const { client, calls } = await load((url) => (url === '/api/auth/me' ? json(200, ME) : json(200, { accessToken: 't1', expiresIn: 900 })));
    await client.signIn('a@example.com', 'pw');
    expect(client.me.value?.email).toBe('a@example.com');
    expect(client.bearer()).toBe('t1');
    expect(localStorage.getItem('rag-suite.signed-in')).toBe('1');

    const reloaded = await load((url) => (url === '/api/auth/me' ? json(200, ME) : json(200, { accessToken: 't2', expiresIn: 900 })));
    expect(await reloaded.client.restoreSession()).toEqual(ME);
    expect(reloaded.calls).toEqual(['POST /api/auth/refresh/cookie', 'GET /api/auth/me']);
    expect(reloaded.client.bearer()).toBe('t2');
    expect(calls[0]).toBe('POST /api/auth/login');
  });

  it('says the session ended when the cookie it had is refused (revoked elsewhere)', async () => {
    localStorage.setItem('rag-suite.signed-in', '1');
    const { client } = await load(() => json(401, { detail: 'This session is no longer valid; log in again.' }));
    expect(await client.restoreSession()).toBeNull();
    expect(client.sessionEndedReason.value).toBe(client.SESSION_ENDED);
    expect(localStorage.getItem('rag-suite.signed-in')).toBeNull();
  });

  it('ends the session with a message when a request is refused and the refresh fails too', async () => {
    let refreshed = 0;
    const { client } = await load((url) => {
      if (url === '/api/auth/login') return json(200, { accessToken: 't1', expiresIn: 900 });
      if (url === '/api/auth/me' && refreshed === 0) return json(200, ME);
      if (url === '/api/auth/refresh/cookie') {
        refreshed++;
        return json(401, {});
      }
      return json(401, { detail: 'revoked' });
    });
    await client.signIn('a@example.com', 'pw');
    const ended = vi.fn();
    client.onSessionEnd(ended);
    await expect(client.api('/api/auth/sessions')).rejects.toMatchObject({ status: 401 });
    expect(refreshed).toBe(1);
    expect(client.me.value).toBeNull();
    expect(client.bearer()).toBeNull();
    expect(client.sessionEndedReason.value).toBe(client.SESSION_ENDED);
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('signs out: forgets the token, the marker and the landing, without a message', async () => {
    const { client, calls } = await load((url) => (url === '/api/auth/logout' ? new Response(null, { status: 204 }) : url === '/api/auth/me' ? json(200, ME) : json(200, { accessToken: 't1', expiresIn: 900 })));
    client.landAfterSignIn('/documents');
    await client.signIn('a@example.com', 'pw');
    await client.signOut();
    expect(calls).toContain('POST /api/auth/logout');
    expect(client.me.value).toBeNull();
    expect(client.bearer()).toBeNull();
    expect(client.sessionEndedReason.value).toBeNull();
    expect(localStorage.getItem('rag-suite.signed-in')).toBeNull();
    expect(client.takeLanding('/chat')).toBe('/chat');
  });

  it('hands the landing after sign-in over once', async () => {
    const { client } = await load(() => json(200, {}));
    client.landAfterSignIn('/documents');
    expect(client.takeLanding('/chat')).toBe('/documents');
    expect(client.takeLanding('/chat')).toBe('/chat');
  });

  it('refreshes a minute before the access token expires, and a 401 is retried once with the new token', async () => {
    vi.useFakeTimers();
    try {
      let token = 0;
      const seen: string[] = [];
      const { client, calls } = await load((url, init) => {
        seen.push(`${url} ${(init.headers as Record<string, string>)?.Authorization ?? ''}`);
        if (url === '/api/auth/me') return json(200, ME);
        if (url === '/api/documents' && seen.filter((s) => s.startsWith('/api/documents')).length === 1) return json(401, {});
        if (url === '/api/documents') return json(200, { items: [] });
        return json(200, { accessToken: `t${++token}`, expiresIn: 900 });
      });
      await client.signIn('a@example.com', 'pw');
      await vi.advanceTimersByTimeAsync(839_000);
      expect(calls.filter((c) => c.includes('refresh'))).toEqual([]);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(calls.filter((c) => c.includes('refresh'))).toEqual(['POST /api/auth/refresh/cookie']);
      expect(client.bearer()).toBe('t2');

      expect(await client.api('/api/documents')).toEqual({ items: [] });
      expect(seen.filter((s) => s.startsWith('/api/documents'))).toEqual(['/api/documents Bearer t2', '/api/documents Bearer t3']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('takes the browser-wide lock for a refresh, so two tabs never present the one cookie at once', async () => {
    localStorage.setItem('rag-suite.signed-in', '1');
    const held: string[] = [];
    vi.stubGlobal('navigator', { ...navigator, locks: { request: (name: string, task: () => Promise<unknown>) => { held.push(name); return task(); } } });
    const { client } = await load((url) => (url === '/api/auth/me' ? json(200, ME) : json(200, { accessToken: 't1', expiresIn: 900 })));
    expect(await client.restoreSession()).toEqual(ME);
    expect(held).toEqual(['rag-suite-refresh']);
  });
});
