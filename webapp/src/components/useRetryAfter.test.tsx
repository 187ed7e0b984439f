import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Problem } from '../api/problem';
import { useRetryAfter } from './useRetryAfter';

function Probe({ problem }: { problem: unknown }) {
  return <span>{useRetryAfter(problem)}</span>;
}

describe('useRetryAfter', () => {
  let root: HTMLElement;
  beforeEach(() => {
    vi.useFakeTimers();
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
    vi.useRealTimers();
  });

  it('counts a 429 wait down to 0, once a second', () => {
    const locked = new Problem(429, 'Too Many Requests', 'Too many failed logins; try again later.', 'about:blank', [], 3);
    act(() => render(<Probe problem={locked} />, root));
    expect(root.textContent).toBe('3');
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(root.textContent).toBe('2');
    act(() => {
      vi.advanceTimersByTime(2500);
    });
    expect(root.textContent).toBe('0');
  });

  it('has the wait from the first render that has the problem, before any effect ran', () => {
    const seen: Array<[unknown, number]> = [];
    function Recorder({ problem }: { problem: unknown }) {
      seen.push([problem, useRetryAfter(problem)]);
      return null;
    }
    const locked = new Problem(429, 'Too Many Requests', 'Too many failed logins; try again later.', 'about:blank', [], 5);
    act(() => render(<Recorder problem={null} />, root));
    act(() => render(<Recorder problem={locked} />, root));
    const withProblem = seen.filter(([p]) => p === locked).map(([, wait]) => wait);
    expect(withProblem.length).toBeGreaterThan(0);
    expect(withProblem).toEqual(withProblem.map(() => 5)); // no render shows the problem with the button enabled
    expect(seen.filter(([p]) => p === null).every(([, wait]) => wait === 0)).toBe(true);
  });

  it('is 0 without a wait, and stops counting when the problem goes', () => {
    act(() => render(<Probe problem={new Problem(401, 'Unauthorized', 'Invalid email or password.')} />, root));
    expect(root.textContent).toBe('0');
    act(() => render(<Probe problem={new Problem(429, 'Too Many Requests', '', 'about:blank', [], 60)} />, root));
    expect(root.textContent).toBe('60');
    act(() => render(<Probe problem={null} />, root));
    expect(root.textContent).toBe('0');
  });
});
