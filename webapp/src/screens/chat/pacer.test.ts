import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pacer } from './pacer';

describe('Pacer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the first piece at once and a burst over several ticks, in order', () => {
    const shown: string[] = [];
    const pacer = new Pacer((t) => shown.push(t), 30);
    for (let i = 0; i < 20; i++) pacer.push(`w${i} `);
    expect(shown).toEqual(['w0 ']);
    vi.advanceTimersByTime(30);
    expect(shown.length).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(shown.join('')).toBe(Array.from({ length: 20 }, (_, i) => `w${i} `).join(''));
    expect(shown.length).toBeGreaterThan(5);
  });

  it('runs what waits for the end only after everything was shown', () => {
    const shown: string[] = [];
    const pacer = new Pacer((t) => shown.push(t), 30);
    pacer.push('a');
    pacer.push('b');
    let done = false;
    pacer.whenDrained(() => { done = true; });
    expect(done).toBe(false);
    vi.advanceTimersByTime(100);
    expect(done).toBe(true);
    expect(shown.join('')).toBe('ab');
  });

  it('flush shows the rest at once; whenDrained on an idle pacer runs at once', () => {
    const shown: string[] = [];
    const pacer = new Pacer((t) => shown.push(t), 30);
    pacer.push('a');
    pacer.push('b');
    pacer.push('c');
    pacer.flush();
    expect(shown.join('')).toBe('abc');
    let ran = false;
    pacer.whenDrained(() => { ran = true; });
    expect(ran).toBe(true);
  });
});
