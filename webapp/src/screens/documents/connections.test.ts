import { describe, expect, it } from 'vitest';
import { busy, idsOf, lastSyncSentence, type Connection } from './Connections';

const connection = (over: Partial<Connection> = {}): Connection => ({
  id: 'c1',
  type: 'clickup',
  status: 'idle',
  tokenHint: '…wxyz',
  scope: { workspaceId: '9015550001', spaceIds: [], listIds: [] },
  externalUser: 'Ada',
  lastSyncAt: null,
  lastError: null,
  documentsImported: 0,
  sync: { requestedAt: null, fullRequested: false, startedAt: null, lastFullSyncAt: null, last: null },
  ...over,
});

describe('the ClickUp panel', () => {
  it('reads list ids separated by commas or spaces', () => {
    expect(idsOf(' 901, 902  903 ,')).toEqual(['901', '902', '903']);
    expect(idsOf('')).toEqual([]);
  });

  it('is busy while a sync is asked for or running', () => {
    expect(busy(connection())).toBe(false);
    expect(busy(connection({ status: 'syncing' }))).toBe(true);
    expect(busy(connection({ sync: { requestedAt: '2026-12-06T10:00:00Z', fullRequested: false, startedAt: null, lastFullSyncAt: null, last: null } }))).toBe(true);
  });

  it('says what the latest sync did, only what happened', () => {
    expect(lastSyncSentence(connection())).toBe('Not synced yet.');
    const synced = connection({
      lastSyncAt: '2026-12-06T10:00:00Z',
      sync: { requestedAt: null, fullRequested: false, startedAt: '2026-12-06T09:59:59Z', lastFullSyncAt: null,
        last: { tasks: 3, created: 1, updated: 0, unchanged: 2, deleted: 1, millis: 40 } },
    });
    expect(lastSyncSentence(synced)).toMatch(/^Last synced .+: 3 tasks read, 1 new, 1 removed\.$/);
  });
});
