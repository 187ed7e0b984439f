import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES, checkFile, describe as describeRow, newRow, percentOf, rowReducer, type UploadRow } from './logic';

describe('checkFile', () => {
  it('accepts supported documents up to 50 MiB', () => {
    expect(checkFile({ name: 'Nikola_Tesla.md', size: 49_823, type: 'text/markdown' })).toBeNull();
    expect(checkFile({ name: 'report.PDF', size: MAX_UPLOAD_BYTES, type: 'application/pdf' })).toBeNull();
    expect(checkFile({ name: 'notes', size: 10, type: '' })).toBeNull(); // no extension: the server sniffs
  });

  it('refuses files over 50 MiB with the limit', () => {
    expect(checkFile({ name: 'big.pdf', size: MAX_UPLOAD_BYTES + 1, type: 'application/pdf' })).toMatch(/big\.pdf is 50\.0 MiB: files can be at most 50 MiB/);
    expect(checkFile({ name: 'huge.pdf', size: 51 * 1024 * 1024 })).toMatch(/51\.0 MiB.*at most 50 MiB/);
  });

  it('refuses obviously unsupported types, naming the supported ones', () => {
    expect(checkFile({ name: 'setup.exe', size: 100, type: 'application/x-msdownload' })).toMatch(/setup\.exe is not a supported type \(\.exe\)\. Supported: PDF/);
    expect(checkFile({ name: 'archive.zip', size: 100, type: 'application/zip' })).toMatch(/not a supported type/);
    expect(checkFile({ name: 'photo', size: 100, type: 'image/png' })).toMatch(/not a supported type/);
    expect(checkFile({ name: 'empty.txt', size: 0, type: 'text/plain' })).toMatch(/empty/);
  });
});

const row = (): UploadRow => newRow('k', { name: 'a.md', size: 1000, type: 'text/markdown' });

describe('rowReducer', () => {
  it('goes from upload bytes through indexing to indexed, the bar only moving forward', () => {
    let r = row();
    expect(r.phase).toBe('uploading');
    const seen = [percentOf(r)];
    r = rowReducer(r, { type: 'progress', sent: 500, total: 1000 });
    seen.push(percentOf(r));
    expect(describeRow(r)).toBe('Uploading… 50%');
    r = rowReducer(r, { type: 'uploaded', duplicate: false, id: 'd1', version: 1, status: 'queued' });
    seen.push(percentOf(r));
    for (const e of [{ status: 'queued' }, { status: 'processing' }, { status: 'parsed', done: 0, total: 4 }, { status: 'embedded', done: 2, total: 4 }, { status: 'embedded', done: 4, total: 4 }, { status: 'indexed', done: 4, total: 4 }]) {
      r = rowReducer(r, { type: 'event', ...e });
      seen.push(percentOf(r));
    }
    expect(r.phase).toBe('indexed');
    expect(r.documentId).toBe('d1');
    expect(seen).toEqual([0, 25, 50, 50, 55, 60, 79, 98, 100]);
    expect(describeRow(r)).toBe('Indexed (4 passages): ready for questions');
  });

  it('never moves back when a polled "processing" arrives after "embedded", but restarts after "retrying"', () => {
    let r = rowReducer(row(), { type: 'uploaded', duplicate: false, id: 'd1', version: 1, status: 'queued' });
    r = rowReducer(r, { type: 'event', status: 'embedded', done: 3, total: 4 });
    const before = percentOf(r);
    r = rowReducer(r, { type: 'event', status: 'processing', done: 2, total: 4 });
    expect(r.phase).toBe('embedded');
    expect(percentOf(r)).toBe(before);
    r = rowReducer(r, { type: 'event', status: 'retrying', reason: 'timeout' });
    r = rowReducer(r, { type: 'event', status: 'processing' });
    expect(r.phase).toBe('processing');
  });

  it('says "already there" for a 200 answer', () => {
    const r = rowReducer(row(), { type: 'uploaded', duplicate: true, id: 'd1', version: 3, status: 'indexed' });
    expect(r.phase).toBe('duplicate');
    expect(describeRow(r)).toBe('Already uploaded: a.md (version 3)');
    expect(percentOf(r)).toBe(100);
  });

  it('shows a failure with its reason, and a retry with the next attempt', () => {
    let r = rowReducer(row(), { type: 'uploaded', duplicate: false, id: 'd1', version: 1, status: 'queued' });
    r = rowReducer(r, { type: 'event', status: 'retrying', reason: 'vector-service unavailable' });
    expect(describeRow(r)).toBe('Attempt failed: vector-service unavailable. It will be retried.');
    r = rowReducer(r, { type: 'retry-at', nextAttemptAt: new Date(Date.now() + 60_000).toISOString() });
    expect(describeRow(r)).toMatch(/^Attempt failed: vector-service unavailable\. Next attempt at /);
    r = rowReducer(r, { type: 'event', status: 'failed', reason: 'The PDF is encrypted.' });
    expect(describeRow(r)).toBe('Failed: The PDF is encrypted.');
    // a final state stays final
    expect(rowReducer(r, { type: 'event', status: 'embedded', done: 1, total: 2 })).toBe(r);
  });

  it('keeps a refused upload refused with the server’s detail', () => {
    const r = rowReducer(row(), { type: 'refused', message: 'a.md: Unsupported type.' });
    expect(r.phase).toBe('rejected');
    expect(describeRow(r)).toBe('a.md: Unsupported type.');
    expect(newRow('x', { name: 'x.zip', size: 5 }).phase).toBe('rejected');
  });

  it('ignores upload progress after the upload and unknown statuses', () => {
    const r = rowReducer(row(), { type: 'uploaded', duplicate: false, id: 'd1', version: 1, status: 'queued' });
    expect(rowReducer(r, { type: 'progress', sent: 1, total: 2 })).toBe(r);
    expect(rowReducer(r, { type: 'event', status: 'weird' })).toBe(r);
  });
});
