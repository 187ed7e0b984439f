import { useEffect, useRef, useState } from 'preact/hooks';
import { api, me } from '../api/client';
import { Problem, fieldMessage, shownAtFields } from '../api/problem';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field, PASSWORD_POLICY } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { useRetryAfter } from '../components/useRetryAfter';
import { formatDate, formatDateTime, timeAgo } from '../lib/format';
import { describeUserAgent } from '../lib/useragent';

interface Session {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
  current: boolean;
}

interface ApiKey {
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

interface CreatedKey extends ApiKey {
  key: string;
}

const SCOPES: { value: string; label: string }[] = [
  { value: 'chat', label: 'chat — ask questions' },
  { value: 'documents:read', label: 'documents:read — list and read documents' },
  { value: 'documents:write', label: 'documents:write — upload and delete documents' },
];

/** /account: who you are, where you are signed in, your API keys, your password. */
export function Account() {
  const user = me.value;
  // bumped when one section changes what another shows (a password change ends sessions and keys)
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    document.title = 'Account · rag-suite';
  }, []);
  return (
    <div class="stack">
      <h1>Account</h1>
      {user && (
        <p class="muted">
          Signed in as <strong>{user.displayName}</strong> ({user.email}){user.role === 'admin' ? ', administrator' : ''}.
        </p>
      )}
      <Sessions generation={generation} />
      <ApiKeys generation={generation} />
      <ChangePassword onChanged={() => setGeneration((g) => g + 1)} />
    </div>
  );
}

function Sessions({ generation }: { generation: number }) {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [pending, setPending] = useState<{ kind: 'one'; session: Session } | { kind: 'others' } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function load() {
    try {
      setSessions(await api<Session[]>('/api/auth/sessions'));
    } catch (e) {
      setProblem(e);
    }
  }
  useEffect(() => {
    void load();
  }, [generation]);

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    setProblem(null);
    try {
      if (pending.kind === 'one') {
        await api(`/api/auth/sessions/${encodeURIComponent(pending.session.id)}`, { method: 'DELETE' });
        setDone(`Signed out ${describeUserAgent(pending.session.userAgent)}${pending.session.ip ? ` (${pending.session.ip})` : ''}.`);
      } else {
        await api('/api/auth/sessions?keepCurrent=true', { method: 'DELETE' });
        setDone('Signed out everywhere else. Only this device is still signed in.');
      }
      await load();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
      setPending(null);
    }
  }

  const sorted = sessions ? [...sessions].sort((a, b) => Number(b.current) - Number(a.current) || (b.lastUsedAt ?? b.createdAt).localeCompare(a.lastUsedAt ?? a.createdAt)) : null;
  const others = sorted?.filter((s) => !s.current).length ?? 0;

  return (
    <section class="card" aria-labelledby="sessions-title">
      <div class="section-head">
        <h2 id="sessions-title">Where you are signed in</h2>
        {others > 0 && (
          <button type="button" onClick={() => setPending({ kind: 'others' })}>
            Sign out everywhere else
          </button>
        )}
      </div>
      <ProblemAlert problem={problem} />
      {done && (
        <p class="success" role="status">
          {done}
        </p>
      )}
      {sorted === null && !problem && <p class="muted">Loading sessions…</p>}
      {sorted && (
        <ul class="rows" aria-label="Open sessions">
          {sorted.map((s) => {
            const device = describeUserAgent(s.userAgent);
            return (
              <li key={s.id} class="row">
                <div class="row-main">
                  <span class="row-title">
                    {device}
                    {s.current && <span class="badge">this device</span>}
                  </span>
                  <span class="muted small">
                    {s.ip ?? 'unknown address'} · last used {timeAgo(s.lastUsedAt ?? s.createdAt)} · signed in {formatDateTime(s.createdAt)}
                  </span>
                </div>
                {!s.current && (
                  <button type="button" onClick={() => setPending({ kind: 'one', session: s })}>
                    Sign out<span class="visually-hidden"> {device}{s.ip ? `, ${s.ip}` : ''}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {sorted && others === 0 && <p class="muted small">This is the only place you are signed in.</p>}
      {pending && (
        <ConfirmDialog
          title={pending.kind === 'one' ? 'Sign out this session?' : 'Sign out everywhere else?'}
          confirmLabel={pending.kind === 'one' ? 'Sign out session' : 'Sign out other sessions'}
          danger
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={() => setPending(null)}
        >
          <p>
            {pending.kind === 'one'
              ? `${describeUserAgent(pending.session.userAgent)}${pending.session.ip ? ` at ${pending.session.ip}` : ''} will be signed out at its next step and must sign in again.`
              : `Every other device and browser signed in to your account will be signed out. This one stays signed in.`}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function ApiKeys({ generation }: { generation: number }) {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function load() {
    try {
      setKeys(await api<ApiKey[]>('/api/auth/api-keys'));
    } catch (e) {
      setProblem(e);
    }
  }
  useEffect(() => {
    void load();
  }, [generation]);

  async function revoke() {
    if (!revoking) return;
    setBusy(true);
    setProblem(null);
    try {
      await api(`/api/auth/api-keys/${encodeURIComponent(revoking.id)}`, { method: 'DELETE' });
      setDone(`Revoked the key “${revoking.name}”. It no longer works.`);
      if (created?.id === revoking.id) setCreated(null);
      await load();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
      setRevoking(null);
    }
  }

  return (
    <section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <p class="muted small">
        A key lets a program use the API as you, limited to the scopes you choose: send it as <code>Authorization: Bearer rk_…</code>.
      </p>
      {created ? (
        <NewKey created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateKey
          onCreated={(key) => {
            setDone(null);
            setCreated(key);
            void load();
          }}
        />
      )}
      <h3>Your keys</h3>
      <ProblemAlert problem={problem} />
      {done && (
        <p class="success" role="status">
          {done}
        </p>
      )}
      {keys === null && !problem && <p class="muted">Loading keys…</p>}
      {keys && keys.length === 0 && <p class="empty-inline">No API keys yet. Create one above when a script or another program needs to ask questions or upload documents for you.</p>}
      {keys && keys.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Your API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.scopes.join(', ')}</td>
                  <td>{formatDate(k.createdAt)}</td>
                  <td>{k.expiresAt ? formatDate(k.expiresAt) : 'never'}</td>
                  <td>{timeAgo(k.lastUsedAt)}</td>
                  <td>
                    <button type="button" class="danger-link" onClick={() => setRevoking(k)}>
                      Revoke<span class="visually-hidden"> {k.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <ConfirmDialog title={`Revoke the key “${revoking.name}”?`} confirmLabel="Revoke key" danger busy={busy} onConfirm={() => void revoke()} onCancel={() => setRevoking(null)}>
          <p>
            Programs using <code>{revoking.prefix}…</code> stop working at once. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function CreateKey({ onCreated }: { onCreated: (key: CreatedKey) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['chat']);
  const [days, setDays] = useState('90');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setProblem(null);
    if (scopes.length === 0) {
      setProblem(new Problem(400, 'Bad Request', 'Choose at least one scope.', 'about:blank', [{ field: 'scopes', message: 'Choose at least one scope.' }]));
      return;
    }
    setBusy(true);
    try {
      const body: Record<string, unknown> = { name: name.trim(), scopes };
      if (days.trim()) body.expiresInDays = Number(days);
      const key = await api<CreatedKey>('/api/auth/api-keys', { method: 'POST', body });
      setName('');
      onCreated(key);
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  const scopesError = fieldMessage(problem, 'scopes');
  const FIELDS: [string, RegExp?][] = [['name'], ['scopes'], ['expiresInDays']];
  return (
    <form class="inline-form" onSubmit={submit} aria-labelledby="create-key-title">
      <h3 id="create-key-title">Create a key</h3>
      <div class="form-grid">
        <Field id="key-name" label="Key name" required maxLength={100} value={name} onInput={setName} error={fieldMessage(problem, 'name')} help="So you recognise it later, e.g. “nightly import”." />
        <Field
          id="key-days"
          label="Expires after (days)"
          type="number"
          min={1}
          max={3650}
          value={days}
          onInput={setDays}
          error={fieldMessage(problem, 'expiresInDays')}
          help="1 to 3650 days; empty for the server's default."
        />
      </div>
      <fieldset class={scopesError ? 'invalid' : undefined} aria-describedby={scopesError ? 'key-scopes-error' : undefined}>
        <legend>Scopes</legend>
        {SCOPES.map((s) => (
          <label key={s.value} class="check">
            <input
              type="checkbox"
              name="scopes"
              value={s.value}
              checked={scopes.includes(s.value)}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                setScopes((prev) => (on ? [...prev.filter((x) => x !== s.value), s.value] : prev.filter((x) => x !== s.value)));
              }}
            />{' '}
            {s.label}
          </label>
        ))}
        {scopesError && (
          <p class="field-error" id="key-scopes-error">
            {scopesError}
          </p>
        )}
      </fieldset>
      {problem != null && !shownAtFields(problem, FIELDS) && <ProblemAlert problem={problem} />}
      <button type="submit" class="primary" disabled={busy}>
        Create key
      </button>
    </form>
  );
}

function NewKey({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const codeRef = useRef<HTMLElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    boxRef.current?.focus();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('Copied to the clipboard.');
    } catch {
      // no clipboard permission: select the key so Ctrl+C copies it
      const range = document.createRange();
      if (codeRef.current) {
        range.selectNodeContents(codeRef.current);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
      }
      setCopied('The key is selected: press Ctrl+C (⌘C) to copy it.');
    }
  }

  return (
    <div class="new-key" ref={boxRef} tabIndex={-1} role="region" aria-labelledby="new-key-title">
      <h3 id="new-key-title">Your new key “{created.name}”</h3>
      <p class="warning">
        <strong>Copy it now: it will not be shown again.</strong> Only its beginning (<code>{created.prefix}…</code>) stays visible in the list.
      </p>
      <div class="key-box">
        <code ref={codeRef} data-testid="new-api-key">
          {created.key}
        </code>
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p class="small muted" role="status">
        {copied ?? ''}
      </p>
      <p class="small muted">
        Scopes: {created.scopes.join(', ')} · expires {created.expiresAt ? formatDate(created.expiresAt) : 'never'}
      </p>
      <button type="button" class="primary" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}

function ChangePassword({ onChanged }: { onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [keepKeys, setKeepKeys] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const wait = useRetryAfter(problem);
  const FIELDS: [string, RegExp?][] = [
    ['currentPassword', /current password/i],
    ['newPassword', /new password|^The password/i],
  ];

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      await api('/api/auth/password', { method: 'POST', body: { currentPassword: current, newPassword: next, keepApiKeys: keepKeys } });
      setCurrent('');
      setNext('');
      setDone(
        keepKeys
          ? 'Your password was changed. Your other sessions were signed out; your API keys still work.'
          : 'Your password was changed. Your other sessions were signed out and your API keys were revoked.',
      );
      onChanged();
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <form onSubmit={submit} class="narrow">
        <Field
          id="current-password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onInput={setCurrent}
          error={fieldMessage(problem, 'currentPassword', FIELDS[0][1])}
        />
        <Field
          id="new-password"
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onInput={setNext}
          error={fieldMessage(problem, 'newPassword', FIELDS[1][1])}
          help={`Your new password: ${PASSWORD_POLICY}`}
        />
        <label class="check">
          <input type="checkbox" checked={keepKeys} onChange={(e) => setKeepKeys((e.currentTarget as HTMLInputElement).checked)} /> Keep my API keys
          working
        </label>
        <p class="help">Changing the password signs out your other sessions and revokes your API keys, unless you tick this.</p>
        {problem != null && !shownAtFields(problem, FIELDS) && <ProblemAlert problem={problem} />}
        {problem instanceof Problem && problem.status === 400 && shownAtFields(problem, FIELDS) && (
          <p class="alert" role="alert">
            The password was not changed: see the marked field.
          </p>
        )}
        {done && (
          <p class="success" role="status">
            {done}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy || wait > 0}>
          Change password
        </button>
      </form>
    </section>
  );
}
