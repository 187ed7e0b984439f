import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, me } from '../api/client';
import type { Page } from '../api/paging';
import { Problem, fieldMessage, shownAtFields } from '../api/problem';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field, PASSWORD_POLICY } from '../components/Field';
import { Pager } from '../components/Pager';
import { ProblemAlert } from '../components/ProblemAlert';
import { auditDetails, auditLabel } from '../lib/audit';
import { formatDate, formatDateTime } from '../lib/format';

interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  role: 'user' | 'admin';
  disabled: boolean;
  createdAt: string;
}

interface AuditEvent {
  id: string;
  at: string;
  type: string;
  userId: string | null;
  actorId: string | null;
  sessionId: string | null;
  ip: string | null;
  details: unknown;
}

const TABS = [
  { href: '/admin', label: 'Users' },
  { href: '/admin/audit', label: 'Audit trail' },
  { href: '/admin/usage', label: 'Usage' },
];

const LAST_ADMIN =
  'The suite always keeps at least one enabled administrator, so that someone can still manage it. Make another user an administrator (or enable a disabled one) first, then try again.';

/** /admin (users), /admin/audit, /admin/usage: for administrators only (the shell routes others to Not found). */
export function Admin() {
  const { path } = useLocation();
  const tab = path.startsWith('/admin/audit') ? 'audit' : path.startsWith('/admin/usage') ? 'usage' : 'users';
  useEffect(() => {
    document.title = `Admin · ${tab === 'audit' ? 'Audit trail' : tab === 'usage' ? 'Usage' : 'Users'} · rag-suite`;
  }, [tab]);
  return (
    <div class="stack">
      <h1>Administration</h1>
      <nav class="tabs" aria-label="Administration">
        {TABS.map((t) => (
          <a key={t.href} href={t.href} aria-current={(t.href === '/admin' ? tab === 'users' : path.startsWith(t.href)) ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab === 'users' && <Users />}
      {tab === 'audit' && <Audit />}
      {tab === 'usage' && <Usage />}
    </div>
  );
}

type Pending =
  | { kind: 'role'; user: AdminUser; role: 'user' | 'admin' }
  | { kind: 'disable' | 'enable'; user: AdminUser }
  | { kind: 'password'; user: AdminUser };

function Users() {
  const [pageNo, setPageNo] = useState(0);
  const [page, setPage] = useState<Page<AdminUser> | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [actionProblem, setActionProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const [keepKeys, setKeepKeys] = useState(false);
  const self = me.value;

  async function load(n = pageNo) {
    try {
      setPage(await api<Page<AdminUser>>(`/api/admin/users?page=${n}&size=20`));
      setProblem(null);
    } catch (e) {
      setProblem(e);
    }
  }
  useEffect(() => {
    void load(pageNo);
  }, [pageNo]);

  function ask(p: Pending) {
    setActionProblem(null);
    setNewPassword('');
    setKeepKeys(false);
    setPending(p);
  }

  async function confirm() {
    if (!pending) return;
    const u = pending.user;
    const base = `/api/admin/users/${encodeURIComponent(u.id)}`;
    setBusy(true);
    setActionProblem(null);
    try {
      if (pending.kind === 'role') {
        await api(`${base}/role`, { method: 'POST', body: { role: pending.role } });
        setDone(`${u.email} is now ${pending.role === 'admin' ? 'an administrator' : 'a user'}. Their sessions ended and their API keys were revoked.`);
      } else if (pending.kind === 'disable') {
        await api(`${base}/disable`, { method: 'POST' });
        setDone(`${u.email} is disabled: their sessions and API keys no longer work, and they cannot sign in.`);
      } else if (pending.kind === 'enable') {
        await api(`${base}/enable`, { method: 'POST' });
        setDone(`${u.email} is enabled again and can sign in.`);
      } else {
        await api(`${base}/password`, { method: 'POST', body: { newPassword, keepApiKeys: keepKeys } });
        setDone(`The password of ${u.email} was reset. Their sessions ended${keepKeys ? '' : ' and their API keys were revoked'}. Tell them the new password safely.`);
      }
      setPending(null);
      await load();
    } catch (e) {
      setActionProblem(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <CreateUser
        onCreated={(u) => {
          setDone(`Created ${u.email} (${u.role === 'admin' ? 'administrator' : 'user'}). They can sign in with the password you chose.`);
          // users are listed oldest first: show the page the new one is on
          const last = page ? Math.floor(page.total / page.size) : 0;
          if (last === pageNo) void load(last);
          else setPageNo(last);
        }}
      />
      <section class="card" aria-labelledby="users-title">
        <h2 id="users-title">Users{page ? ` (${page.total})` : ''}</h2>
        <ProblemAlert problem={problem} />
        {done && (
          <p class="success" role="status">
            {done}
          </p>
        )}
        {!page && !problem && <p class="muted">Loading users…</p>}
        {page && page.items.length === 0 && <p class="empty-inline">No users on this page.</p>}
        {page && page.items.length > 0 && (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Users</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((u) => (
                  <tr key={u.id}>
                    <td>
                      {u.email}
                      {self?.id === u.id && <span class="badge">you</span>}
                    </td>
                    <td>{u.displayName}</td>
                    <td class="nowrap">{u.role === 'admin' ? 'Admin' : 'User'}</td>
                    <td class="nowrap">{u.disabled ? <span class="status failed">Disabled</span> : <span class="status ok">Enabled</span>}</td>
                    <td class="nowrap">{formatDate(u.createdAt)}</td>
                    <td class="actions-cell">
                      <button type="button" onClick={() => ask({ kind: 'role', user: u, role: u.role === 'admin' ? 'user' : 'admin' })}>
                        {u.role === 'admin' ? 'Make user' : 'Make admin'}
                        <span class="visually-hidden"> {u.email}</span>
                      </button>
                      <button type="button" onClick={() => ask({ kind: u.disabled ? 'enable' : 'disable', user: u })}>
                        {u.disabled ? 'Enable' : 'Disable'}
                        <span class="visually-hidden"> {u.email}</span>
                      </button>
                      <button type="button" onClick={() => ask({ kind: 'password', user: u })}>
                        Reset password<span class="visually-hidden"> of {u.email}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={page} onPage={setPageNo} label="Users" />
      </section>
      {pending && (
        <ConfirmDialog
          title={dialogTitle(pending)}
          confirmLabel={pending.kind === 'role' ? 'Change role' : pending.kind === 'disable' ? 'Disable user' : pending.kind === 'enable' ? 'Enable user' : 'Reset password'}
          danger={pending.kind !== 'enable'}
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={() => setPending(null)}
        >
          <p>{dialogText(pending, self?.id === pending.user.id)}</p>
          {pending.kind === 'password' && (
            <>
              <Field
                id="reset-password"
                label="New password"
                type="password"
                autoComplete="new-password"
                required
                value={newPassword}
                onInput={setNewPassword}
                error={fieldMessage(actionProblem, 'newPassword', /password/i)}
                help={`${PASSWORD_POLICY}`}
              />
              <label class="check">
                <input type="checkbox" checked={keepKeys} onChange={(e) => setKeepKeys((e.currentTarget as HTMLInputElement).checked)} /> Keep their API keys working
              </label>
            </>
          )}
          {actionProblem instanceof Problem && actionProblem.status === 409 ? (
            <div class="alert" role="alert">
              <p>{actionProblem.message}</p>
              <p>{LAST_ADMIN}</p>
            </div>
          ) : (
            actionProblem != null && !shownAtFields(actionProblem, [['newPassword', /password/i]]) && <ProblemAlert problem={actionProblem} />
          )}
        </ConfirmDialog>
      )}
    </>
  );
}

function dialogTitle(p: Pending): string {
  switch (p.kind) {
    case 'role':
      return p.role === 'admin' ? `Make ${p.user.email} an administrator?` : `Make ${p.user.email} a normal user?`;
    case 'disable':
      return `Disable ${p.user.email}?`;
    case 'enable':
      return `Enable ${p.user.email}?`;
    case 'password':
      return `Reset the password of ${p.user.email}?`;
  }
}

function dialogText(p: Pending, isSelf: boolean): string {
  const selfNote = isSelf ? ' This is your own account: you will be signed out too.' : '';
  switch (p.kind) {
    case 'role':
      return (
        (p.role === 'admin'
          ? 'They will be able to manage users and read the audit trail.'
          : 'They will no longer be able to manage users or read the audit trail.') +
        ' Their sessions end and their API keys are revoked.' +
        selfNote
      );
    case 'disable':
      return 'They are signed out everywhere, their API keys stop working, and they cannot sign in until enabled again. Their documents are kept.' + selfNote;
    case 'enable':
      return 'They can sign in again with their password.';
    case 'password':
      return 'Choose a new password for them. Their sessions end; tell them the new password over a safe channel.' + selfNote;
  }
}

function CreateUser({ onCreated }: { onCreated: (u: AdminUser) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<'user' | 'admin'>('user');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const FIELDS: [string, RegExp?][] = [
    ['email', /e-?mail/i],
    ['displayName'],
    ['password', /password/i],
    ['role'],
  ];

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const user = await api<AdminUser>('/api/admin/users', { method: 'POST', body: { email: email.trim(), displayName: name.trim(), password, role } });
      setEmail('');
      setName('');
      setPassword('');
      setRole('user');
      onCreated(user);
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create a user</h2>
      <form onSubmit={submit}>
        <div class="form-grid">
          <Field id="new-user-email" label="Email" type="email" autoComplete="off" required value={email} onInput={setEmail} error={fieldMessage(problem, 'email', /e-?mail/i)} />
          <Field id="new-user-name" label="Name" autoComplete="off" required maxLength={100} value={name} onInput={setName} error={fieldMessage(problem, 'displayName')} />
          <Field
            id="new-user-password"
            label="Password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onInput={setPassword}
            error={fieldMessage(problem, 'password', /password/i)}
            help={PASSWORD_POLICY}
          />
          <div class="field">
            <label for="new-user-role">Role</label>
            <select id="new-user-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as 'user' | 'admin')}>
              <option value="user">User</option>
              <option value="admin">Administrator</option>
            </select>
          </div>
        </div>
        {problem != null && !shownAtFields(problem, FIELDS) && <ProblemAlert problem={problem} />}
        <button type="submit" class="primary" disabled={busy}>
          Create user
        </button>
      </form>
    </section>
  );
}

function Audit() {
  const [pageNo, setPageNo] = useState(0);
  const [page, setPage] = useState<Page<AuditEvent> | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [emails, setEmails] = useState<Map<string, string>>(new Map());

  useEffect(() => {
    // the audit trail names users by id: the first 100 users give most of them a readable address
    api<Page<AdminUser>>('/api/admin/users?page=0&size=100')
      .then((p) => setEmails(new Map(p.items.map((u) => [u.id, u.email]))))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    api<Page<AuditEvent>>(`/api/admin/audit?page=${pageNo}&size=50`)
      .then((p) => {
        setPage(p);
        setProblem(null);
      })
      .catch(setProblem);
  }, [pageNo]);

  const who = (id: string | null) => (id ? (emails.get(id) ?? `user ${id.slice(0, 8)}`) : '—');

  return (
    <section class="card" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit trail</h2>
      <p class="muted small">Sign-ins, sessions, accounts and API keys, newest first.</p>
      <ProblemAlert problem={problem} />
      {!page && !problem && <p class="muted">Loading events…</p>}
      {page && page.items.length === 0 && <p class="empty-inline">No events yet. They appear here as people register and sign in.</p>}
      {page && page.items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">User</th>
                <th scope="col">By</th>
                <th scope="col">Address</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={e.id}>
                  <td class="nowrap">{formatDateTime(e.at)}</td>
                  <td>
                    <span title={e.type}>{auditLabel(e.type)}</span>
                  </td>
                  <td>{who(e.userId)}</td>
                  <td>{e.actorId && e.actorId !== e.userId ? who(e.actorId) : ''}</td>
                  <td class="nowrap">{e.ip ?? '—'}</td>
                  <td class="details">{auditDetails(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} onPage={setPageNo} label="Audit" />
    </section>
  );
}

function Usage() {
  return (
    <section class="card" aria-labelledby="usage-title">
      <h2 id="usage-title">Usage</h2>
      <p>
        Usage figures (questions asked, documents indexed, storage per user) are not available here yet: the API has no endpoint for them.
        They will appear on this page once the suite offers <code>/api/admin/metrics</code>.
      </p>
      <p class="muted small">Until then, operators can read each service's Prometheus metrics at its <code>/q/metrics</code> endpoint.</p>
    </section>
  );
}
