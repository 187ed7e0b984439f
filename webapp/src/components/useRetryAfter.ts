import { useEffect, useState } from 'preact/hooks';
import { Problem } from '../api/problem';

/**
 * Seconds left of a problem's `Retry-After` (a 429), counting down once a second; 0 when there is
 * no wait. A form disables its submit button while it is above 0.
 */
export function useRetryAfter(problem: unknown): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (!(problem instanceof Problem) || problem.retryAfter == null || problem.retryAfter <= 0) {
      setLeft(0);
      return;
    }
    const until = Date.now() + problem.retryAfter * 1000;
    setLeft(problem.retryAfter);
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [problem]);
  return left;
}
