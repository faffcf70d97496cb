import { ssoSignIn, type SsoAccount, type SsoIdentity } from './sso-sign-in.js';

const ISSUER = 'https://sso.hospital.example';
const identity: SsoIdentity = { issuer: ISSUER, subject: 'person-1', email: 'dana@hospital.example' };
const unbound: SsoAccount = { role: 'planner', ssoIssuer: null, ssoSubject: null };
const bound: SsoAccount = { role: 'planner', ssoIssuer: ISSUER, ssoSubject: 'person-1' };

describe('single sign-on to an account', () => {
  it('binds an account to the person on its first single sign-on, and accepts that person afterwards', () => {
    expect(ssoSignIn(unbound, identity, false)).toEqual({ outcome: 'bind' });
    expect(ssoSignIn(bound, identity, false)).toEqual({ outcome: 'accept' });
  });

  it('refuses, and logs, another person with the same email', () => {
    const decision = ssoSignIn(bound, { ...identity, subject: 'person-2' }, false);
    expect(decision).toMatchObject({ outcome: 'refuse', logged: true, reason: expect.stringContaining('bound to another person') });
  });

  it('refuses the same subject from another issuer', () => {
    expect(ssoSignIn(bound, { ...identity, issuer: 'https://other.example' }, true)).toMatchObject({ outcome: 'refuse', logged: true });
  });

  it('refuses admins unless OIDC_ALLOW_ADMINS, and binds them like anyone else when allowed', () => {
    const admin: SsoAccount = { ...unbound, role: 'admin' };
    expect(ssoSignIn(admin, identity, false)).toMatchObject({
      outcome: 'refuse',
      logged: true,
      reason: expect.stringContaining('password'),
    });
    expect(ssoSignIn({ ...bound, role: 'admin' }, identity, false)).toMatchObject({ outcome: 'refuse' });
    expect(ssoSignIn(admin, identity, true)).toEqual({ outcome: 'bind' });
  });

  it('refuses an email with no account, and system accounts (they use API keys)', () => {
    expect(ssoSignIn(null, identity, true)).toMatchObject({ outcome: 'refuse', logged: false, reason: expect.stringContaining('dana@') });
    expect(ssoSignIn({ ...unbound, role: 'system' }, identity, true)).toMatchObject({ outcome: 'refuse', logged: false });
  });
});
