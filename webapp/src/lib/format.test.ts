import { describe, expect, it } from 'vitest';
import { formatDateTime, plural, timeAgo } from './format';

describe('timeAgo', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  it('reads recent times in words', () => {
    expect(timeAgo('2026-12-06T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2026-12-06T11:59:00Z', now)).toBe('1 minute ago');
    expect(timeAgo('2026-12-06T11:15:00Z', now)).toBe('45 minutes ago');
    expect(timeAgo('2026-12-06T09:00:00Z', now)).toBe('3 hours ago');
    expect(timeAgo('2026-12-04T12:00:00Z', now)).toBe('2 days ago');
  });
  it('falls back to the date, and says never for none', () => {
    expect(timeAgo('2026-01-01T00:00:00Z', now)).not.toMatch(/ago/);
    expect(timeAgo(null, now)).toBe('never');
  });
  it('formats dates and leaves what it cannot read', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('not a date');
    expect(plural(1, 'day')).toBe('1 day');
    expect(plural(2, 'day')).toBe('2 days');
  });
});
