import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { request, setAccessToken } from '../api/api-client';
import type { AccessToken, Account, TokenRequest } from '../api/api.types';

interface StoredSession {
  token: string;
  expiresAt: number;
  account: Account;
}

interface SessionValue {
  account: Account | null;
  signIn(email: string, password: string): Promise<Account>;
  signOut(): void;
}

// Kept for the browser tab only: closing the tab signs out, which suits shared ward computers.
const STORAGE_KEY = 'sud-referral.session';

function restore(): StoredSession | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as StoredSession | null;
    return stored && stored.expiresAt > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<StoredSession | null>(() => restore());

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setAccessToken(null, () => undefined);
    setSession(null);
  }, []);
  // Set during render so the first queries of a restored session already carry the token.
  setAccessToken(session?.token ?? null, signOut);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const issued = await request<AccessToken>('POST', '/api/auth/token', { email, password } satisfies TokenRequest);
      setAccessToken(issued.accessToken, signOut);
      const account = await request<Account>('GET', '/api/auth/me');
      const next = { token: issued.accessToken, expiresAt: Date.now() + issued.expiresIn * 1000, account };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      setSession(next);
      return account;
    },
    [signOut],
  );

  const value = useMemo(() => ({ account: session?.account ?? null, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Where each role starts. */
export function homeOf(account: Account): string {
  if (account.role === 'planner') return '/planner';
  if (account.role === 'facility-staff') return '/facility';
  return '/admin';
}
