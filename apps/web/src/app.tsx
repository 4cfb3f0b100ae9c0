import { useCallback, useMemo, useRef, useState } from 'react';
import { createSigmaApi } from './api';
import { AppContext, type AppContextValue } from './app-context';
import { ShortcutsDialog } from './components/shortcuts-dialog';
import { useShortcuts } from './hooks/use-shortcuts';
import { Link, matchRoute, NavigateContext, paths, useLocationPath } from './routing/router';
import { ChangeSetPage } from './screens/change-set/change-set-page';
import { Inbox } from './screens/inbox/inbox';
import { RecordPage } from './screens/record/record-page';
import { SignIn } from './screens/sign-in';
import { capabilitiesOf, loadSession, roleLabel, saveSession, type Session } from './session/session';

export const API_BASE = '/api/v1';
/** The SDK builds each request from an absolute URL: the API on the app's own origin. */
const apiRoot = () => new URL(API_BASE, window.location.origin).href;

export function App() {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const [notice, setNotice] = useState<string | undefined>();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [path, navigate] = useLocationPath();

  const refreshing = useRef<Promise<boolean> | undefined>(undefined);

  const endSession = useCallback((reason?: string) => {
    saveSession(undefined);
    setSession(undefined);
    setNotice(reason);
  }, []);
  const api = useMemo(() => {
    const client = createSigmaApi({
      baseUrl: apiRoot(),
      token: () => loadSession()?.token,
      // Access tokens are short-lived: renew once for all requests that hit a 401 meanwhile.
      refresh: () =>
        (refreshing.current ??= (async () => {
          const current = loadSession();
          if (!current?.refreshToken) return false;
          try {
            const tokens = await client.refresh(current.refreshToken);
            const renewed = { ...current, token: tokens.accessToken, refreshToken: tokens.refreshToken ?? current.refreshToken };
            saveSession(renewed);
            setSession(renewed);
            return true;
          } catch {
            return false;
          } finally {
            refreshing.current = undefined;
          }
        })()),
      onUnauthorized: () => endSession('Your session has ended. Please sign in again.'),
    });
    return client;
  }, [endSession]);
  const signOut = useCallback(
    (reason?: string) => {
      const refreshToken = loadSession()?.refreshToken;
      // Revoke the session on the server too; the tab forgets it either way.
      if (refreshToken) void api.signOut(refreshToken).catch(() => undefined);
      endSession(reason);
    },
    [api, endSession],
  );
  const context: AppContextValue | undefined = useMemo(
    () => (session ? { api, session, can: capabilitiesOf(session.roles), signOut } : undefined),
    [api, session, signOut],
  );
  useShortcuts({ '?': () => setShortcutsOpen((open) => !open) }, Boolean(session));

  if (!context) {
    return (
      <SignIn
        api={api}
        notice={notice}
        onSignedIn={(signedIn) => {
          saveSession(signedIn);
          setNotice(undefined);
          setSession(signedIn);
        }}
      />
    );
  }

  const route = matchRoute(path);
  return (
    <NavigateContext.Provider value={navigate}>
      <AppContext.Provider value={context}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="topbar">
          <Link to={paths.inbox()} className="topbar__brand">
            <span aria-hidden="true">Σ</span> Sigma PIM review
          </Link>
          <nav aria-label="Main" className="topbar__nav">
            <Link to={paths.inbox()}>Inbox</Link>
            <a href="/api/v1/docs">API reference</a>
            <button type="button" className="link-button" onClick={() => setShortcutsOpen(true)} aria-keyshortcuts="?">
              Shortcuts <kbd>?</kbd>
            </button>
          </nav>
          <div className="topbar__user">
            <span title={`Signed in as ${context.session.username}`}>
              {context.session.displayName} <span className="muted">({roleLabel(context.session.roles)})</span>
            </span>
            <button type="button" className="button button--small" onClick={() => signOut()}>
              Sign out
            </button>
          </div>
        </header>
        <main id="main" className="page">
          {route.name === 'inbox' && <Inbox query={route.query} />}
          {route.name === 'change-set' && <ChangeSetPage key={route.id} id={route.id} />}
          {route.name === 'record' && <RecordPage key={route.id} id={route.id} />}
          {route.name === 'not-found' && (
            <section>
              <h1>Page not found</h1>
              <p>
                Nothing lives at <code>{route.path}</code>. <Link to={paths.inbox()}>Back to the inbox</Link>.
              </p>
            </section>
          )}
        </main>
        <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
      </AppContext.Provider>
    </NavigateContext.Provider>
  );
}
