import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { serviceLogText } from '../support/service-instances.js';
import { api, createAccount, eventually, signInAsAdmin } from '../support/system-under-test.js';

// The organisation's OpenID Connect provider is stood in for by a key `npm test` generated and the
// identity service was told to trust (OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS).
const issuerFile = resolve(process.cwd(), 'test/artifacts/sso-test-issuer.json');

interface TestIssuer {
  issuer: string;
  audience: string;
  kid: string;
  privateJwk: JWK;
}

async function idToken(
  issuer: TestIssuer,
  claims: Record<string, unknown>,
  options: { audience?: string; issuer?: string; expiresIn?: string; key?: JWK; subject?: string } = {},
) {
  const key = await importJWK(options.key ?? issuer.privateJwk, 'ES256');
  return (
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: issuer.kid })
      .setIssuer(options.issuer ?? issuer.issuer)
      .setAudience(options.audience ?? issuer.audience)
      // The person at the provider; a random one unless the test is about who it is.
      .setSubject(options.subject ?? randomUUID())
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(key)
  );
}

describe('single sign-on with an OpenID Connect provider', () => {
  let issuer: TestIssuer;
  const email = `sso-planner-${randomUUID()}@hospital.example`;

  beforeAll(async () => {
    issuer = JSON.parse(readFileSync(issuerFile, 'utf8')) as TestIssuer;
    // SSO proves who someone is; the account, its role and organisation are still made by an admin.
    const created = await api(
      'POST',
      '/api/accounts',
      { email, displayName: 'SSO planner', role: 'planner', organization: 'SSO General' },
      await signInAsAdmin(),
    );
    expect(created.status).toBe(400);
    const withPassword = await api(
      'POST',
      '/api/accounts',
      { email, displayName: 'SSO planner', role: 'planner', organization: 'SSO General', password: `pw-${randomUUID()}` },
      await signInAsAdmin(),
    );
    expect(withPassword.status).toBe(201);
  });

  it('exchanges a valid ID token for an access token of the account with that verified email', async () => {
    const exchanged = await api<{ accessToken: string; tokenType: string }>('POST', '/api/auth/sso/token', {
      idToken: await idToken(issuer, { email: email.toUpperCase(), email_verified: true }),
    });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.tokenType).toBe('Bearer');
    const me = await api<{ email: string; role: string; organization: string }>(
      'GET',
      '/api/auth/me',
      undefined,
      exchanged.body.accessToken,
    );
    expect(me.body).toMatchObject({ email, role: 'planner', organization: 'SSO General' });
    // The token works like any other: this planner may list their organisation's referrals.
    expect((await api('GET', '/api/referrals', undefined, exchanged.body.accessToken)).status).toBe(200);
  });

  it.each([
    ['another audience', { audience: 'some-other-app' }, {}],
    ['another issuer', { issuer: 'https://evil.example' }, {}],
    ['an expired token', { expiresIn: '-10m' }, {}],
    ['an unverified email', {}, { email_verified: false }],
    ['an email the provider does not say it verified', {}, { email_verified: undefined }],
    ['no email', {}, { email: undefined }],
    ['an email with no account here', {}, { email: `nobody-${randomUUID()}@hospital.example` }],
  ])('refuses %s with 401', async (_name, options, claims) => {
    const token = await idToken(issuer, { email, email_verified: true, ...claims }, options);
    const refused = await api<{ message: string }>('POST', '/api/auth/sso/token', { idToken: token });
    expect(refused.status).toBe(401);
  });

  it('refuses a token signed with a key the provider never published', async () => {
    const { generateKeyPair, exportJWK } = await import('jose');
    const stranger = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const refused = await api('POST', '/api/auth/sso/token', {
      idToken: await idToken(issuer, { email, email_verified: true }, { key: stranger }),
    });
    expect(refused.status).toBe(401);
    const malformed = await api<{ errors: { field: string }[] }>('POST', '/api/auth/sso/token', { idToken: 'not-a-jwt' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]!.field).toBe('idToken');
  });

  it('refuses an ID token whose email the provider has not verified, and signs the same person in once it has', async () => {
    const { email: fresh } = await createAccount('planner', [], 'SSO General');
    const subject = `person-${randomUUID()}`;
    for (const claims of [{ email: fresh }, { email: fresh, email_verified: false }]) {
      const refused = await api<{ message: string }>('POST', '/api/auth/sso/token', {
        idToken: await idToken(issuer, claims, { subject }),
      });
      expect(refused.status).toBe(401);
      expect(refused.body.message).toContain('email_verified');
    }
    const verified = await api('POST', '/api/auth/sso/token', {
      idToken: await idToken(issuer, { email: fresh, email_verified: true }, { subject }),
    });
    expect(verified.status).toBe(200);
  });

  it('binds an account to the person of its first single sign-on: another person with the same email is refused and logged', async () => {
    const { email: bound } = await createAccount('planner', [], 'SSO General');
    const person = `person-${randomUUID()}`;
    const claims = { email: bound, email_verified: true };
    for (let signIn = 0; signIn < 2; signIn += 1) {
      const accepted = await api('POST', '/api/auth/sso/token', { idToken: await idToken(issuer, claims, { subject: person }) });
      expect(accepted.status).toBe(200);
    }

    const impostor = `impostor-${randomUUID()}`;
    const impostorToken = await idToken(issuer, claims, { subject: impostor });
    const refused = await api<{ message: string }>('POST', '/api/auth/sso/token', { idToken: impostorToken });
    expect(refused.status).toBe(401);
    expect(refused.body.message).toContain('bound to another person');
    // The rightful person still signs in.
    expect((await api('POST', '/api/auth/sso/token', { idToken: await idToken(issuer, claims, { subject: person }) })).status).toBe(200);

    // The identity service logged the attempt (by subject), never the token itself.
    await eventually(async () => {
      const lines = serviceLogText('identity')
        .split('\n')
        .filter((line) => line.includes(impostor));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({
        level: 40,
        service: 'identity',
        msg: expect.stringContaining('single sign-on refused'),
      });
    });
    const text = serviceLogText('identity');
    expect(text).not.toContain(impostorToken);
    expect(text).not.toContain(impostorToken.split('.')[2]!);
  });

  it('refuses single sign-on to admin accounts (OIDC_ALLOW_ADMINS is off by default); they sign in with their password', async () => {
    const admin = await createAccount('admin');
    const refused = await api<{ message: string }>('POST', '/api/auth/sso/token', {
      idToken: await idToken(issuer, { email: admin.email, email_verified: true }),
    });
    expect(refused.status).toBe(401);
    expect(refused.body.message).toContain('password');
    expect((await api('POST', '/api/auth/token', { email: admin.email, password: admin.password })).status).toBe(200);
  });
});
