import { useEffect, useState } from 'preact/hooks';
import { sessionEndedReason, signIn } from '../api/client';
import { Problem, formatWait } from '../api/problem';
import { Field } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { useRetryAfter } from '../components/useRetryAfter';

/** The public sign-in page; on success the shell takes the person on (to /chat, or where registration said). */
export function SignIn() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const wait = useRetryAfter(problem);
  const ended = sessionEndedReason.value;

  useEffect(() => {
    document.title = 'Sign in · rag-suite';
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await signIn(email.trim(), password);
      // the shell re-renders signed in and routes on
    } catch (err) {
      setProblem(err);
      setBusy(false);
    }
  }

  return (
    <section class="card auth" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <p class="muted">Ask questions about your own documents and get answers with their sources.</p>
      {ended && !problem && (
        <p class="notice" role="status">
          {ended}
        </p>
      )}
      <form onSubmit={submit} noValidate={false}>
        <Field id="signin-email" label="Email" type="email" autoComplete="username" required value={email} onInput={setEmail} />
        <Field id="signin-password" label="Password" type="password" autoComplete="current-password" required value={password} onInput={setPassword} />
        {problem instanceof Problem && problem.status === 429 ? (
          <p class="alert" role="alert">
            Too many attempts: signing in is paused for a while to protect the account.
            {problem.retryAfter != null ? ` Try again in ${formatWait(problem.retryAfter)}.` : ' Try again later.'}
          </p>
        ) : (
          <ProblemAlert problem={problem} />
        )}
        <button type="submit" class="primary wide" disabled={busy || wait > 0} aria-busy={busy ? 'true' : undefined}>
          Sign in
        </button>
        {wait > 0 && (
          <p class="help" aria-live="off">
            You can try again in {formatWait(wait)}.
          </p>
        )}
      </form>
      <p class="switch">
        New here? <a href="/register">Create an account</a>
      </p>
    </section>
  );
}
