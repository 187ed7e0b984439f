import { describe, expect, it } from 'vitest';
import { Problem, fieldMessage, formatWait, shownAtFields } from './problem';

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

describe('fieldMessage', () => {
  it('prefers the field error the server named, also under a dotted path', () => {
    const p = new Problem(400, 'Bad Request', 'Invalid request', 'about:blank', [{ field: 'register.request.password', message: 'must be 12 to 72 bytes' }]);
    expect(fieldMessage(p, 'password')).toBe('must be 12 to 72 bytes');
    expect(fieldMessage(p, 'email')).toBeUndefined();
    expect(shownAtFields(p, [['password'], ['email']])).toBe(true);
    expect(shownAtFields(p, [['email']])).toBe(false);
  });
  it('puts a detail about the field next to it when no field was named', () => {
    const p = new Problem(400, 'Bad Request', 'The password is one of the most commonly used passwords; choose another one.');
    expect(fieldMessage(p, 'password', /password/i)).toBe(p.detail);
    expect(fieldMessage(p, 'email', /e-?mail/i)).toBeUndefined();
    expect(shownAtFields(p, [['password', /password/i]])).toBe(true);
  });
  it('leaves other problems to the form alert', () => {
    const p = new Problem(401, 'Unauthorized', 'Invalid email or password.');
    expect(fieldMessage(p, 'password', /password/i)).toBeUndefined();
    expect(shownAtFields(p, [['password', /password/i]])).toBe(false);
    expect(fieldMessage(new Error('x'), 'password')).toBeUndefined();
  });
});
