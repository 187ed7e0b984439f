import { Problem } from '../api/problem';

/** A problem's readable sentence (with its wait), announced to screen readers; nothing when there is none. */
export function ProblemAlert({ problem, id }: { problem: unknown; id?: string }) {
  if (!problem) return null;
  const text = problem instanceof Problem || problem instanceof Error ? problem.message : String(problem);
  return (
    <p class="alert" role="alert" id={id}>
      {text}
    </p>
  );
}
