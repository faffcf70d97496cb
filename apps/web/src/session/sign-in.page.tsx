import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { ApiError } from '../api/api-client';
import { homeOf, useSession } from './session.context';

export function SignInPage() {
  const { account, signIn } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (account) return <Navigate to={homeOf(account)} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const signedIn = await signIn(email, password);
      void navigate(homeOf(signedIn), { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 401 ? 'Wrong email or password.' : (caught as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <h1>SUD treatment referral</h1>
      <p className="lede">Find a free bed in the right level of care, refer, and hold the bed while the facility answers.</p>
      <form onSubmit={(event) => void submit(event)} className="card" aria-describedby={error ? 'sign-in-error' : undefined}>
        <h2>Sign in</h2>
        <label htmlFor="email">Email</label>
        <input id="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {error && (
          <p id="sign-in-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
