import { type FormEvent, useState } from 'react';
import type { SigmaApi } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { useAction } from '../hooks/use-action';
import type { Session } from '../session/session';

const DEMO_USERS = ['reviewer', 'editor', 'admin', 'viewer', 'agent'];

/** Username and password; the demo users' passwords are `<username>-demo`. */
export function SignIn({ api, onSignedIn, notice }: { api: SigmaApi; onSignedIn: (session: Session) => void; notice?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useAction(async () => {
    const tokens = await api.signIn(username.trim(), password);
    // The roles that count are the user's current ones (the token's claim is informational).
    const me = await api.me(tokens.accessToken);
    onSignedIn({ token: tokens.accessToken, refreshToken: tokens.refreshToken, userId: me.id, username: me.username, displayName: me.displayName, roles: me.roles });
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void signIn.run();
  };
  return (
    <main className="sign-in" id="main">
      <h1>
        <span aria-hidden="true">Σ</span> Sigma PIM review
      </h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} className="sign-in__form" aria-label="Sign in">
        <label>
          Username
          <input name="username" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
        </label>
        <button type="submit" className="button button--primary" disabled={signIn.busy}>
          {signIn.busy ? 'Signing in…' : 'Sign in'}
        </button>
        <ErrorNotice error={signIn.error} action="Sign-in" />
      </form>
      <p className="muted">
        Demo users: {DEMO_USERS.map((user, index) => (
          <span key={user}>
            {index > 0 && ', '}
            <code>{user}</code>
          </span>
        ))}{' '}
        — password <code>&lt;username&gt;-demo</code>. <a href="/api/v1/docs">API reference</a>
      </p>
    </main>
  );
}
