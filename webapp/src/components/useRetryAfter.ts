import { useEffect, useState } from 'preact/hooks';
import { Problem } from '../api/problem';

function waitOf(problem: unknown): number {
  return problem instanceof Problem && problem.retryAfter != null && problem.retryAfter > 0 ? problem.retryAfter : 0;
}

/**
 * Seconds left of a problem's `Retry-After` (a 429), counting down once a second; 0 when there is
 * no wait. A form disables its submit button while it is above 0 — from the very render that shows the
 * problem (the count is kept per problem, so a new problem's wait never waits for the effect to start).
 */
export function useRetryAfter(problem: unknown): number {
  const [count, setCount] = useState<{ of: unknown; left: number }>({ of: null, left: 0 });
  useEffect(() => {
    const wait = waitOf(problem);
    setCount({ of: problem, left: wait });
    if (wait === 0) return undefined;
    const until = Date.now() + wait * 1000;
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setCount({ of: problem, left: remaining });
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [problem]);
  return count.of === problem ? count.left : waitOf(problem);
}
