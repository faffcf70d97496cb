import 'reflect-metadata';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { decodeProtectedHeader } from 'jose';
import { DataSource } from 'typeorm';
import { DomainError } from '#http';
import { verifiedClaims } from '../../../test/support/access-tokens.js';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../test/support/integration.js';
import { CreateAccountCommand, type CreateAccountFields } from './accounts/create-account/create-account.command.js';
import { CreateAccountHandler } from './accounts/create-account/create-account.handler.js';
import { CreateApiKeyCommand } from './accounts/create-api-key/create-api-key.command.js';
import { CreateApiKeyHandler } from './accounts/create-api-key/create-api-key.handler.js';
import { ACCOUNT_REPOSITORY, type AccountRepository } from './accounts/database/account.repository.port.js';
import { IssueTokenCommand } from './auth/issue-token/issue-token.command.js';
import { IssueTokenHandler } from './auth/issue-token/issue-token.handler.js';
import { PublishKeySetHttpController } from './auth/publish-key-set/publish-key-set.http.controller.js';
import { IdentityConfig } from './identity.config.js';
import { IdentityModule } from './identity.module.js';

const SCHEMA = freshSchema('it_identity');
const FACILITY = '6f0c6a52-3d0e-4b8e-9f57-0a3f4e3a9c21';
const PASSWORD = 'correct horse battery staple';

const planner = (email: string, fields: Partial<CreateAccountFields> = {}): CreateAccountCommand =>
  new CreateAccountCommand({
    email,
    displayName: 'Dana Discharge',
    role: 'planner',
    password: PASSWORD,
    organization: 'Mercy General',
    ...fields,
  });

const kindOf = (error: unknown): string | undefined => (error instanceof DomainError ? error.kind : undefined);

describe('identity accounts and sign-in (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let createAccount: CreateAccountHandler;
  let createApiKey: CreateApiKeyHandler;
  let issueToken: IssueTokenHandler;
  let accounts: AccountRepository;

  /** The token's claims as `audience` verifies them, against the key set identity publishes at GET /api/auth/jwks. */
  const claimsFor = (token: string, audience: string) =>
    verifiedClaims(token, moduleRef!.get(PublishKeySetHttpController).keySet(), audience);

  beforeAll(async () => {
    // Not IdentityModule.forRoot: it loads @nestjs/throttler (CommonJS requiring the ESM @nestjs/common),
    // which jest cannot load (see libs/throttling). So the accounts and sign-in half of it, as it wires them.
    const config = integrationConfig(IdentityConfig, SCHEMA);
    // The service's own module, compiled but never started. The readiness check's TypeORM indicator looks
    // for its packages with require(), which jest's ESM runtime refuses; no health endpoint is called here.
    moduleRef = await Test.createTestingModule({ imports: [IdentityModule.forRoot(config)] })
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      .compile();
    createAccount = moduleRef.get(CreateAccountHandler);
    createApiKey = moduleRef.get(CreateApiKeyHandler);
    issueToken = moduleRef.get(IssueTokenHandler);
    accounts = moduleRef.get(ACCOUNT_REPOSITORY);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'creates an account under a lower-cased email and refuses a second one, unless asked to replace it',
    async () => {
      const created = await createAccount.execute(planner('Dana@Hospital.example'));
      expect(created).toMatchObject({
        email: 'dana@hospital.example',
        role: 'planner',
        facilityIds: [],
        organization: 'Mercy General',
        active: true,
      });
      expect(created.passwordHash).toMatch(/^\$argon2id\$/);

      const again = await createAccount.execute(planner('dana@hospital.example')).catch((error: unknown) => error);
      expect(kindOf(again)).toBe('conflict');

      const replaced = await createAccount.execute(planner('dana@hospital.example', { displayName: 'Dana D.', replace: true }));
      expect(replaced).toMatchObject({ id: created.id, displayName: 'Dana D.' });
      expect((await accounts.listByEmail()).map((account) => account.email)).toEqual(['dana@hospital.example']);
    },
    TIMEOUT_MS,
  );

  it(
    'lets exactly one of two simultaneous requests for a new email win; the other gets a conflict',
    async () => {
      const outcomes = await Promise.allSettled([
        createAccount.execute(planner('race@hospital.example')),
        createAccount.execute(planner('race@hospital.example')),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const [lost] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(kindOf(lost!.reason)).toBe('conflict');
    },
    TIMEOUT_MS,
  );

  it(
    'refuses a facility account without facilities and a person without a password',
    async () => {
      const noFacility = await createAccount
        .execute(planner('staff@facility.example', { role: 'facility-staff' }))
        .catch((error: unknown) => error);
      expect(kindOf(noFacility)).toBe('invalid');
      const noPassword = await createAccount
        .execute(planner('nopass@hospital.example', { password: undefined }))
        .catch((error: unknown) => error);
      expect(kindOf(noPassword)).toBe('invalid');
    },
    TIMEOUT_MS,
  );

  it(
    'signs a person in by email and password, and nobody with a wrong one',
    async () => {
      const account = await createAccount.execute(planner('signin@hospital.example'));
      const token = await issueToken.execute(
        new IssueTokenCommand({ kind: 'password', email: 'SignIn@hospital.example', password: PASSWORD }),
      );
      expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(decodeProtectedHeader(token.accessToken)).toMatchObject({
        alg: 'ES256',
        kid: moduleRef!.get(PublishKeySetHttpController).keySet().keys[0]!.kid,
      });
      expect(await claimsFor(token.accessToken, 'referral-service')).toMatchObject({
        sub: account.id,
        role: 'planner',
        organization: 'Mercy General',
        aud: ['identity', 'facility-registry', 'referral-service'],
      });

      const wrong = await issueToken
        .execute(new IssueTokenCommand({ kind: 'password', email: 'signin@hospital.example', password: 'not the password' }))
        .catch((error: unknown) => error);
      expect(kindOf(wrong)).toBe('unauthenticated');
    },
    TIMEOUT_MS,
  );

  it(
    'issues API keys to active system accounts only, and signs the system in with one',
    async () => {
      const system = await createAccount.execute(
        new CreateAccountCommand({ email: 'beds@facility.example', displayName: 'Bed board', role: 'system', facilityIds: [FACILITY] }),
      );
      const { id, apiKey } = await createApiKey.execute(new CreateApiKeyCommand(system.id));
      expect(apiKey).toMatch(/^sudk_[0-9a-f]{12}_/);
      const stored = await moduleRef!.get(DataSource).query('SELECT account_id, secret_hash FROM api_keys WHERE id = $1', [id]);
      expect(stored).toEqual([{ account_id: system.id, secret_hash: expect.stringMatching(/^\$argon2id\$/) }]);

      const token = await issueToken.execute(new IssueTokenCommand({ kind: 'api-key', apiKey }));
      expect(await claimsFor(token.accessToken, 'facility-registry')).toMatchObject({
        sub: system.id,
        role: 'system',
        facilityIds: [FACILITY],
        aud: ['identity', 'facility-registry'],
      });
      // A bed-count system's token is for the registry (and identity) only: the referral service refuses it.
      await expect(claimsFor(token.accessToken, 'referral-service')).rejects.toThrow(/"aud"/);

      const person = await createAccount.execute(planner('nokey@hospital.example'));
      expect(kindOf(await createApiKey.execute(new CreateApiKeyCommand(person.id)).catch((error: unknown) => error))).toBe('conflict');
      expect(kindOf(await createApiKey.execute(new CreateApiKeyCommand(FACILITY)).catch((error: unknown) => error))).toBe('not-found');
    },
    TIMEOUT_MS,
  );
});
