import 'reflect-metadata';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { DataSource } from 'typeorm';
import { DomainError } from '#http';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../../test/support/integration.js';
import { CreateAccountCommand } from '../../accounts/create-account/create-account.command.js';
import { CreateAccountHandler } from '../../accounts/create-account/create-account.handler.js';
import { IdentityConfig } from '../../identity.config.js';
import { IdentityModule } from '../../identity.module.js';
import { ExchangeSsoTokenCommand } from './exchange-sso-token.command.js';
import { ExchangeSsoTokenHandler } from './exchange-sso-token.handler.js';

const SCHEMA = freshSchema('it_sso');
const ISSUER = 'https://sso.hospital.example';
const AUDIENCE = 'sud-referral-it';
const KID = 'it-key-1';

/** What an ExchangeSsoTokenHandler call ended in: the access token's account id, or the refusal's kind and message. */
type Outcome = { sub: string } | { kind: string; message: string };

describe('single sign-on binds an account to one person at the provider (PostgreSQL)', () => {
  const modules: TestingModule[] = [];
  let privateKey: CryptoKey;
  let createAccount: CreateAccountHandler;
  let exchange: ExchangeSsoTokenHandler;
  let exchangeAllowingAdmins: ExchangeSsoTokenHandler;
  let warn: jest.SpiedFunction<Logger['warn']>;

  async function wire(overrides: Record<string, string>): Promise<TestingModule> {
    const config = integrationConfig(IdentityConfig, SCHEMA, overrides);
    // The service's own module, compiled but never started (see identity.int-spec.ts).
    const moduleRef = await Test.createTestingModule({ imports: [IdentityModule.forRoot(config)] })
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      .compile();
    modules.push(moduleRef);
    return moduleRef;
  }

  const idToken = (subject: string, claims: Record<string, unknown>): Promise<string> =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: KID })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

  const signIn = async (handler: ExchangeSsoTokenHandler, subject: string, claims: Record<string, unknown>): Promise<Outcome> => {
    const token = await idToken(subject, claims);
    try {
      const { accessToken } = await handler.execute(new ExchangeSsoTokenCommand(token));
      return { sub: decodeJwt(accessToken).sub! };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { kind: error.kind, message: error.message };
    }
  };

  const account = (email: string, role: 'planner' | 'admin' = 'planner') =>
    createAccount.execute(
      new CreateAccountCommand({
        email,
        displayName: email,
        role,
        password: 'correct horse battery staple',
        organization: 'Mercy General',
      }),
    );

  const bindingOf = async (id: string) =>
    (await modules[0]!.get(DataSource).query('SELECT sso_issuer, sso_subject FROM accounts WHERE id = $1', [id]))[0];

  beforeAll(async () => {
    const keys = await generateKeyPair('ES256', { extractable: true });
    privateKey = keys.privateKey;
    const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: KID, alg: 'ES256', use: 'sig' };
    const oidc = { OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS: JSON.stringify({ keys: [publicJwk] }) };
    const moduleRef = await wire(oidc);
    createAccount = moduleRef.get(CreateAccountHandler);
    exchange = moduleRef.get(ExchangeSsoTokenHandler);
    exchangeAllowingAdmins = (await wire({ ...oidc, OIDC_ALLOW_ADMINS: 'true' })).get(ExchangeSsoTokenHandler);
  }, TIMEOUT_MS);

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => warn.mockRestore());

  afterAll(async () => {
    for (const moduleRef of modules) await moduleRef.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'binds the account to the subject of its first single sign-on, and refuses (and logs) another subject with that email',
    async () => {
      const dana = await account('dana@hospital.example');
      expect(await bindingOf(dana.id)).toEqual({ sso_issuer: null, sso_subject: null });

      expect(await signIn(exchange, 'person-dana', { email: 'Dana@Hospital.example', email_verified: true })).toEqual({ sub: dana.id });
      expect(await bindingOf(dana.id)).toEqual({ sso_issuer: ISSUER, sso_subject: 'person-dana' });
      expect(await signIn(exchange, 'person-dana', { email: 'dana@hospital.example', email_verified: true })).toEqual({ sub: dana.id });

      const impostorToken = await idToken('person-mallory', { email: 'dana@hospital.example', email_verified: true });
      const refused = await exchange.execute(new ExchangeSsoTokenCommand(impostorToken)).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).kind).toBe('unauthenticated');
      expect((refused as DomainError).message).toContain('bound to another person');
      expect(await bindingOf(dana.id)).toEqual({ sso_issuer: ISSUER, sso_subject: 'person-dana' });

      const logged = warn.mock.calls.map((call) => String(call[0])).join('\n');
      expect(logged).toContain(dana.id);
      expect(logged).toContain('person-mallory');
      expect(logged).not.toContain(impostorToken);
      expect(logged).not.toContain(impostorToken.split('.')[2]!);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses an email the provider has not verified, or does not say it has, and binds nothing',
    async () => {
      const lee = await account('lee@hospital.example');
      for (const claims of [{ email: 'lee@hospital.example' }, { email: 'lee@hospital.example', email_verified: false }]) {
        const outcome = await signIn(exchange, 'person-lee', claims);
        expect(outcome).toMatchObject({ kind: 'unauthenticated', message: expect.stringContaining('email_verified') });
      }
      expect(await bindingOf(lee.id)).toEqual({ sso_issuer: null, sso_subject: null });
    },
    TIMEOUT_MS,
  );

  it(
    'refuses admin accounts unless OIDC_ALLOW_ADMINS=true, and then binds them like anyone else',
    async () => {
      const admin = await account('admin-sso@hospital.example', 'admin');
      const claims = { email: 'admin-sso@hospital.example', email_verified: true };
      expect(await signIn(exchange, 'person-admin', claims)).toMatchObject({
        kind: 'unauthenticated',
        message: expect.stringContaining('password'),
      });
      expect(await bindingOf(admin.id)).toEqual({ sso_issuer: null, sso_subject: null });
      expect(warn).toHaveBeenCalled();

      expect(await signIn(exchangeAllowingAdmins, 'person-admin', claims)).toEqual({ sub: admin.id });
      expect(await signIn(exchangeAllowingAdmins, 'person-other', claims)).toMatchObject({ kind: 'unauthenticated' });
    },
    TIMEOUT_MS,
  );

  it(
    'binds an account to one of two people signing in for the first time at once, and a person to one account',
    async () => {
      const sam = await account('sam@hospital.example');
      const claims = { email: 'sam@hospital.example', email_verified: true };
      const outcomes = await Promise.all([signIn(exchange, 'person-sam-1', claims), signIn(exchange, 'person-sam-2', claims)]);
      expect(outcomes.filter((outcome) => 'sub' in outcome)).toEqual([{ sub: sam.id }]);
      expect(outcomes.filter((outcome) => 'kind' in outcome)).toMatchObject([{ kind: 'unauthenticated' }]);
      const winner = (await bindingOf(sam.id)).sso_subject as string;
      expect(['person-sam-1', 'person-sam-2']).toContain(winner);

      // The person bound to Sam's account has their email changed to another account's at the provider: still refused.
      await account('sam.new@hospital.example');
      expect(await signIn(exchange, winner, { email: 'sam.new@hospital.example', email_verified: true })).toMatchObject({
        kind: 'unauthenticated',
        message: expect.stringContaining('bound to another account'),
      });
    },
    TIMEOUT_MS,
  );
});
