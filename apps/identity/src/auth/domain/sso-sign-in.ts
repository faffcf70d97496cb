import type { Role } from '#auth';

/** Who an ID token says the caller is: the person (`iss` + `sub`) and the email the provider verified. */
export interface SsoIdentity {
  readonly issuer: string;
  readonly subject: string;
  /** Lower-cased. */
  readonly email: string;
}

/** What single sign-on needs to know of the account of that email. */
export interface SsoAccount {
  readonly role: Role;
  readonly ssoIssuer: string | null;
  readonly ssoSubject: string | null;
}

export type SsoSignIn =
  /** First single sign-on of the account: bind it to this person, then sign in. */
  | { readonly outcome: 'bind' }
  /** The account is bound to this very person already. */
  | { readonly outcome: 'accept' }
  /** No access token; `logged` refusals are worth a line in the log (someone holds a token meant for another). */
  | { readonly outcome: 'refuse'; readonly reason: string; readonly logged: boolean };

/**
 * Whether an ID token may sign in to the account of its verified email. The account's role,
 * facilities and organisation are still the ones an admin gave it here; the provider only proves who.
 */
export function ssoSignIn(account: SsoAccount | null, identity: SsoIdentity, allowAdmins: boolean): SsoSignIn {
  // System accounts use API keys; single sign-on is for people.
  if (!account || account.role === 'system') {
    return { outcome: 'refuse', reason: `no active account for ${identity.email}; ask an admin to create one`, logged: false };
  }
  if (account.role === 'admin' && !allowAdmins) {
    return {
      outcome: 'refuse',
      reason: 'admin accounts sign in with their email and password here, not by single sign-on',
      logged: true,
    };
  }
  // OpenID Connect Core 1.0 §5.7: only iss + sub identify the person; an email may be reassigned.
  if (account.ssoIssuer === null || account.ssoSubject === null) return { outcome: 'bind' };
  if (account.ssoIssuer === identity.issuer && account.ssoSubject === identity.subject) return { outcome: 'accept' };
  return {
    outcome: 'refuse',
    reason: 'this account is bound to another person at the identity provider; ask an admin',
    logged: true,
  };
}
