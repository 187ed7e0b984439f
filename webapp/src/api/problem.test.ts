import { describe, expect, it } from 'vitest';
import { Problem, formatWait } from './problem';

describe('Problem', () => {
  it('reads a problem+json answer with its field errors and Retry-After', async () => {
    const response = new Response(
      JSON.stringify({ title: 'Bad Request', status: 400, detail: 'The password is too short.', errors: [{ field: 'password', message: 'must be 12–72 bytes' }] }),
      { status: 400, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '30' } },
    );
    const problem = await Problem.from(response);
    expect(problem.status).toBe(400);
    expect(problem.fieldError('password')).toBe('must be 12–72 bytes');
    expect(problem.retryAfter).toBe(30);
    expect(problem.message).toBe('The password is too short. Try again in 30 seconds.');
  });

  it('survives a body that is not JSON', async () => {
    const problem = await Problem.from(new Response('<html>bad gateway</html>', { status: 502 }));
    expect(problem.status).toBe(502);
    expect(problem.message).toBe('Server error');
  });

  it('formats waits in seconds and minutes', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(59)).toBe('59 seconds');
    expect(formatWait(61)).toBe('2 minutes');
  });
});
