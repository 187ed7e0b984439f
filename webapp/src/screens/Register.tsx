import { useEffect, useState } from 'preact/hooks';
import { landAfterSignIn, register, signIn } from '../api/client';
import { Problem, fieldMessage, formatWait, shownAtFields } from '../api/problem';
import { Field, PASSWORD_POLICY } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { useRetryAfter } from '../components/useRetryAfter';

const FIELDS: [string, RegExp?][] = [
  ['displayName', /display name|\bname\b/i],
  ['email', /e-?mail address|\bemail\b/i],
  ['password', /password/i],
];

/** Create an account, then sign in with it at once and land on Documents (the first thing to do). */
export function Register() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [signInProblem, setSignInProblem] = useState<unknown>(null);
  const wait = useRetryAfter(problem);

  useEffect(() => {
    document.title = 'Create an account · rag-suite';
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    setSignInProblem(null);
    try {
      await register(email.trim(), password, name.trim());
    } catch (err) {
      setProblem(err);
      setBusy(false);
      return;
    }
    try {
      landAfterSignIn('/documents');
      await signIn(email.trim(), password);
    } catch (err) {
      landAfterSignIn(null);
      setSignInProblem(err);
      setBusy(false);
    }
  }

  const at = (field: string) => fieldMessage(problem, field, FIELDS.find(([f]) => f === field)?.[1]);
  const alertNeeded = problem && !shownAtFields(problem, FIELDS);

  return (
    <section class="card auth" aria-labelledby="register-title">
      <h1 id="register-title">Create an account</h1>
      <p class="muted">An account keeps your documents and conversations private to you.</p>
      <form onSubmit={submit}>
        <Field id="register-name" label="Name" autoComplete="name" required maxLength={100} value={name} onInput={setName} error={at('displayName')} />
        <Field id="register-email" label="Email" type="email" autoComplete="email" required value={email} onInput={setEmail} error={at('email')} />
        <Field
          id="register-password"
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onInput={setPassword}
          error={at('password')}
          help={`Your password: ${PASSWORD_POLICY}`}
        />
        {problem instanceof Problem && problem.status === 429 ? (
          <p class="alert" role="alert">
            Too many attempts from this address. {problem.retryAfter != null ? `Try again in ${formatWait(problem.retryAfter)}.` : 'Try again later.'}
          </p>
        ) : alertNeeded ? (
          <ProblemAlert problem={problem} />
        ) : problem ? (
          <p class="alert" role="alert">
            Please correct the marked field.
          </p>
        ) : null}
        {signInProblem != null && (
          <p class="alert" role="alert">
            The account request was accepted, but signing in with it failed:{' '}
            {signInProblem instanceof Error ? signInProblem.message : String(signInProblem)} If this address already had an account, sign in
            with that account's password.
          </p>
        )}
        <button type="submit" class="primary wide" disabled={busy || wait > 0}>
          Create account
        </button>
      </form>
      <p class="switch">
        Already have an account? <a href="/signin">Sign in</a>
      </p>
    </section>
  );
}
