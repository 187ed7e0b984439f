/** An RFC 9457 problem answer (or a network failure) as the app shows it. */
export interface FieldError {
  field: string;
  message: string;
}

/** `message` is the readable sentence for the person, with the wait when there is one. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly type = 'about:blank',
    readonly errors: FieldError[] = [],
    /** seconds, from `Retry-After` when the answer had one */
    readonly retryAfter: number | null = null,
  ) {
    // the sentence shown to the person, with the wait when there is one
    super((detail || title || `Request failed (${status})`) + (retryAfter != null ? ` Try again in ${formatWait(retryAfter)}.` : ''));
  }

  /** The message for one form field, when the server named it. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.endsWith('.' + field))?.message;
  }

  get rateLimited(): boolean {
    return this.status === 429;
  }

  static network(cause: unknown): Problem {
    const why = cause instanceof Error ? cause.message : String(cause);
    return new Problem(0, 'Network error', `The server could not be reached (${why}). Check your connection and try again.`);
  }

  /** Reads a non-2xx response; never throws. */
  static async from(response: Response): Promise<Problem> {
    const retryAfterHeader = response.headers.get('Retry-After');
    const retryAfter = retryAfterHeader != null && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : null;
    let body: Record<string, unknown> = {};
    try {
      const text = await response.text();
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    return Problem.of(body, response.status, retryAfter);
  }

  /** A problem document that arrived as data (an SSE `error` event). */
  static of(body: Record<string, unknown>, status = Number(body.status ?? 500), retryAfter: number | null = null): Problem {
    return new Problem(
      status,
      String(body.title ?? statusTitle(status)),
      String(body.detail ?? ''),
      String(body.type ?? 'about:blank'),
      Array.isArray(body.errors) ? (body.errors as FieldError[]) : [],
      retryAfter,
    );
  }
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function statusTitle(status: number): string {
  return status >= 500 ? 'Server error' : `Request failed (${status})`;
}

/**
 * The message to show next to one form field: the server's field error for it, or — for a 400 whose
 * detail is about that field but names none (the password policy answers with a detail only, e.g.
 * "The password must be 12 to 72 bytes long in UTF-8.") — the detail, when `detailAbout` matches it.
 */
export function fieldMessage(problem: unknown, field: string, detailAbout?: RegExp): string | undefined {
  if (!(problem instanceof Problem)) return undefined;
  const named = problem.fieldError(field);
  if (named) return named;
  if (problem.status === 400 && problem.errors.length === 0 && detailAbout?.test(problem.detail)) return problem.detail;
  return undefined;
}

/**
 * Whether a problem is shown next to fields only (so a form need not repeat it in its alert): every
 * field error names one of `fields`, or the detail went to one of them.
 */
export function shownAtFields(problem: unknown, fields: [string, RegExp?][]): boolean {
  if (!(problem instanceof Problem) || problem.status !== 400) return false;
  if (problem.errors.length > 0) return problem.errors.every((e) => fields.some(([f]) => e.field === f || e.field.endsWith('.' + f)));
  return fields.some(([f, about]) => fieldMessage(problem, f, about) !== undefined);
}
