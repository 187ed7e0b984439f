import { useEffect, useState } from 'preact/hooks';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { landAfterSignIn, me, restoreSession, signOut, takeLanding } from './api/client';
import { SignIn } from './screens/SignIn';
import { Register } from './screens/Register';
import { Documents } from './screens/Documents';
import { Chat } from './screens/Chat';
import { Account } from './screens/Account';
import { Admin } from './screens/Admin';

/** Routes: /signin, /register (public); /chat[/:id], /documents, /account, /admin (signed in). */
export function App() {
  const [restoring, setRestoring] = useState(true);
  useEffect(() => {
    void restoreSession().finally(() => setRestoring(false));
  }, []);
  if (restoring) {
    return <p class="loading" role="status">Loading…</p>;
  }
  return (
    <LocationProvider>
      <Shell />
    </LocationProvider>
  );
}

const PUBLIC = ['/signin', '/register'];
/** Whether anyone was signed in during this page's life (then a sign-out does not set a landing). */
let everSignedIn = false;

function Shell() {
  const { path, route } = useLocation();
  const user = me.value;
  const isPublic = PUBLIC.includes(path);
  useEffect(() => {
    if (user) everSignedIn = true;
    if (!user && !isPublic) {
      // a link opened while signed out (a bookmark of /account) is where sign-in leads back to
      if (!everSignedIn && path !== '/') landAfterSignIn(path);
      route('/signin', true);
    }
    else if (user && (isPublic || path === '/')) route(takeLanding('/chat'), true);
  }, [user, isPublic, path]);
  if (!user) {
    return (
      <main id="main" class="public">
        <p class="brand-public">
          rag-suite
        </p>
        <Router>
          <Route path="/register" component={Register} />
          <Route default component={SignIn} />
        </Router>
      </main>
    );
  }
  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <header class="topbar">
        <a class="brand" href="/chat">
          rag-suite
        </a>
        <nav aria-label="Main">
          <NavLink href="/chat" label="Chat" />
          <NavLink href="/documents" label="Documents" />
          <NavLink href="/account" label="Account" />
          {user.role === 'admin' && <NavLink href="/admin" label="Admin" />}
        </nav>
        <div class="account-box">
          <span class="who" title={user.email}>
            {user.displayName}
          </span>
          <button type="button" class="signout" onClick={() => void signOut().then(() => route('/signin', true))}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Router>
          <Route path="/chat" component={Chat} />
          <Route path="/chat/:id" component={Chat} />
          <Route path="/documents" component={Documents} />
          <Route path="/account" component={Account} />
          <Route path="/admin" component={user.role === 'admin' ? Admin : NotFound} />
          <Route path="/admin/:tab" component={user.role === 'admin' ? Admin : NotFound} />
          <Route default component={NotFound} />
        </Router>
      </main>
    </div>
  );
}

function NavLink({ href, label }: { href: string; label: string }) {
  const { path } = useLocation();
  const current = path === href || path.startsWith(href + '/');
  return (
    <a href={href} aria-current={current ? 'page' : undefined}>
      {label}
    </a>
  );
}

function NotFound() {
  useEffect(() => {
    document.title = 'Not found · rag-suite';
  }, []);
  return (
    <section class="empty">
      <h1>Page not found</h1>
      <p>There is nothing at this address, or you may not open it.</p>
      <p>
        <a href="/chat">Go to the chat</a>
      </p>
    </section>
  );
}
