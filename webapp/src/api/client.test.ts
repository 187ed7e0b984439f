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
});
