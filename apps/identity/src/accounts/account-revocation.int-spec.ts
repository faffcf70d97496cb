import 'reflect-metadata';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AccessChecker, AccessTokenReader, type AccessCredential } from '#auth';
import { DomainError } from '#http';
import { freshSchema, integrationConfig, TIMEOUT_MS } from '../../../../test/support/integration.js';
import { AccessTokenIssuer } from '../auth/access-token.issuer.js';
import { AccountAccessStatus } from '../auth/access-status/account-access.status.js';
import { IdentityConfig } from '../identity.config.js';
import { IdentityModule } from '../identity.module.js';
import { ChangeAccountAccessCommand } from './change-account-access/change-account-access.command.js';
import { ChangeAccountAccessHandler } from './change-account-access/change-account-access.handler.js';
import { CreateAccountCommand } from './create-account/create-account.command.js';
import { CreateAccountHandler } from './create-account/create-account.handler.js';
import { CreateApiKeyCommand } from './create-api-key/create-api-key.command.js';
import { CreateApiKeyHandler } from './create-api-key/create-api-key.handler.js';
import { ACCOUNT_REPOSITORY, type AccountRepository } from './database/account.repository.port.js';
import { DeactivateAccountCommand } from './deactivate-account/deactivate-account.command.js';
import { DeactivateAccountHandler } from './deactivate-account/deactivate-account.handler.js';
import { PasswordHasher } from './password.hasher.js';
import { ReactivateAccountCommand } from './reactivate-account/reactivate-account.command.js';
import { ReactivateAccountHandler } from './reactivate-account/reactivate-account.handler.js';
import { RevokeApiKeyCommand } from './revoke-api-key/revoke-api-key.command.js';
import { RevokeApiKeyHandler } from './revoke-api-key/revoke-api-key.handler.js';

const SCHEMA = freshSchema('it_identity_revocation');
const FACILITY = '6f0c6a52-3d0e-4b8e-9f57-0a3f4e3a9c21';
const OTHER_FACILITY = '7a1d7b63-4e1f-4c9f-8a68-1b4f5f4b0d32';
const ADMIN = '0e5b9a4c-1d2e-4f3a-8b7c-6d5e4f3a2b1c';
const PASSWORD = 'correct horse battery staple';
const DAY = 86_400_000;

const kindOf = (error: unknown): string | undefined => (error instanceof DomainError ? error.kind : undefined);
const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );

describe('revoking access: account status, token versions, API keys (PostgreSQL)', () => {
  let moduleRef: TestingModule | undefined;
  let accounts: AccountRepository;
  let createAccount: CreateAccountHandler;
  let createApiKey: CreateApiKeyHandler;
  let deactivate: DeactivateAccountHandler;
  let reactivate: ReactivateAccountHandler;
  let changeAccess: ChangeAccountAccessHandler;
  let revokeKey: RevokeApiKeyHandler;
  let status: AccountAccessStatus;

  const credentialOf = (accountId: string): AccessCredential => ({ accountId, token: 'unused', version: 0, expiresAtMs: null });
  const changesOf = async (accountId: string) =>
    (await accounts.listChanges(accountId)).map(({ action, changedBy, details }) => ({ action, changedBy, details }));

  beforeAll(async () => {
    const config = integrationConfig(IdentityConfig, SCHEMA);
    // The service's own module, compiled but never started (see identity.int-spec.ts).
    moduleRef = await Test.createTestingModule({ imports: [IdentityModule.forRoot(config)] })
      .overrideProvider(TypeOrmHealthIndicator)
      .useValue({})
      .compile();
    accounts = moduleRef.get(ACCOUNT_REPOSITORY);
    createAccount = moduleRef.get(CreateAccountHandler);
    createApiKey = moduleRef.get(CreateApiKeyHandler);
    deactivate = moduleRef.get(DeactivateAccountHandler);
    reactivate = moduleRef.get(ReactivateAccountHandler);
    changeAccess = moduleRef.get(ChangeAccountAccessHandler);
    revokeKey = moduleRef.get(RevokeApiKeyHandler);
    status = moduleRef.get(AccountAccessStatus);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await moduleRef?.close();
    await SCHEMA.drop();
  }, TIMEOUT_MS);

  it(
    'deactivates and reactivates an account, raising its token version each time and logging who did it',
    async () => {
      const planner = await createAccount.execute(
        new CreateAccountCommand({ email: 'dana@hospital.example', displayName: 'Dana', role: 'planner', password: PASSWORD }),
      );
      expect(planner.tokenVersion).toBe(0);
      const token = await moduleRef!.get(AccessTokenIssuer).issueFor(planner);
      // Read as identity's own guard reads it (its own key set, identity as audience).
      expect(await moduleRef!.get(AccessTokenReader).read(token.accessToken)).toMatchObject({
        ok: true,
        credential: { accountId: planner.id, version: 0 },
      });

      const inactive = await deactivate.execute(new DeactivateAccountCommand(planner.id, ADMIN));
      expect(inactive).toMatchObject({ active: false, tokenVersion: 1 });
      expect(await accounts.findActiveByEmail('dana@hospital.example')).toBeNull();
      expect(await status.statusOf(credentialOf(planner.id))).toEqual({ active: false, tokenVersion: 1 });
      // The guard's verdict on the token issued before, at once (identity reads its own database).
      const checker = moduleRef!.get(AccessChecker);
      expect(await checker.verdict({ ...credentialOf(planner.id), version: 0 })).toBe('revoked');
      // Again: nothing changes.
      expect(await deactivate.execute(new DeactivateAccountCommand(planner.id, ADMIN))).toMatchObject({ tokenVersion: 1 });

      const active = await reactivate.execute(new ReactivateAccountCommand(planner.id, ADMIN));
      expect(active).toMatchObject({ active: true, tokenVersion: 2 });
      expect(await accounts.findActiveByEmail('dana@hospital.example')).toMatchObject({ id: planner.id, tokenVersion: 2 });
      expect(await checker.verdict({ ...credentialOf(planner.id), version: 0 })).toBe('revoked');
      expect(await checker.verdict({ ...credentialOf(planner.id), version: 2 })).toBe('allowed');
      expect(await changesOf(planner.id)).toEqual([
        { action: 'deactivated', changedBy: ADMIN, details: {} },
        { action: 'reactivated', changedBy: ADMIN, details: {} },
      ]);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses an unknown account (404) and an admin deactivating themselves (409)',
    async () => {
      expect(kindOf(await failureOf(deactivate.execute(new DeactivateAccountCommand(FACILITY, ADMIN))))).toBe('not-found');
      expect(kindOf(await failureOf(reactivate.execute(new ReactivateAccountCommand(FACILITY, ADMIN))))).toBe('not-found');
      expect(kindOf(await failureOf(changeAccess.execute(new ChangeAccountAccessCommand(FACILITY, ADMIN, { organization: 'X' }))))).toBe(
        'not-found',
      );
      expect(kindOf(await failureOf(deactivate.execute(new DeactivateAccountCommand(ADMIN, ADMIN))))).toBe('conflict');
      expect(await status.statusOf(credentialOf(FACILITY))).toEqual({ active: false, tokenVersion: 0 });
    },
    TIMEOUT_MS,
  );

  it(
    "changes a staff account's facilities as creation validates them, raising the version only on a real change",
    async () => {
      const staff = await createAccount.execute(
        new CreateAccountCommand({
          email: 'staff@facility.example',
          displayName: 'Sam',
          role: 'facility-staff',
          facilityIds: [FACILITY],
          password: PASSWORD,
        }),
      );
      const none = await failureOf(changeAccess.execute(new ChangeAccountAccessCommand(staff.id, ADMIN, { facilityIds: [] })));
      expect(none).toMatchObject({ kind: 'invalid', problems: [{ field: 'facilityIds', reason: expect.stringMatching(/at least one/) }] });
      const nothing = await failureOf(changeAccess.execute(new ChangeAccountAccessCommand(staff.id, ADMIN, {})));
      expect(kindOf(nothing)).toBe('invalid');

      const moved = await changeAccess.execute(new ChangeAccountAccessCommand(staff.id, ADMIN, { facilityIds: [OTHER_FACILITY] }));
      expect(moved).toMatchObject({ facilityIds: [OTHER_FACILITY], tokenVersion: 1 });
      expect(await accounts.findById(staff.id)).toMatchObject({ facilityIds: [OTHER_FACILITY], tokenVersion: 1 });
      const same = await changeAccess.execute(new ChangeAccountAccessCommand(staff.id, ADMIN, { facilityIds: [OTHER_FACILITY] }));
      expect(same.tokenVersion).toBe(1);
      expect(await changesOf(staff.id)).toEqual([
        { action: 'access-changed', changedBy: ADMIN, details: { facilityIds: { from: [FACILITY], to: [OTHER_FACILITY] } } },
      ]);

      const planner = await createAccount.execute(
        new CreateAccountCommand({ email: 'pat@hospital.example', displayName: 'Pat', role: 'planner', password: PASSWORD }),
      );
      const facilities = await failureOf(
        changeAccess.execute(new ChangeAccountAccessCommand(planner.id, ADMIN, { facilityIds: [FACILITY] })),
      );
      expect(facilities).toMatchObject({ kind: 'invalid', problems: [{ field: 'facilityIds' }] });
      const renamed = await changeAccess.execute(new ChangeAccountAccessCommand(planner.id, ADMIN, { organization: 'St Elsewhere' }));
      expect(renamed).toMatchObject({ organization: 'St Elsewhere', tokenVersion: 1 });
    },
    TIMEOUT_MS,
  );

  it(
    'issues keys with an expiry within a year, keeps expired and revoked keys from signing in, and lists them without secrets',
    async () => {
      const system = await createAccount.execute(
        new CreateAccountCommand({ email: 'beds@facility.example', displayName: 'Bed board', role: 'system', facilityIds: [FACILITY] }),
      );
      const past = await failureOf(createApiKey.execute(new CreateApiKeyCommand(system.id, new Date(Date.now() - DAY), ADMIN)));
      expect(past).toMatchObject({ kind: 'invalid', problems: [{ field: 'expiresAt', reason: 'must be in the future' }] });
      const far = await failureOf(createApiKey.execute(new CreateApiKeyCommand(system.id, new Date(Date.now() + 400 * DAY), ADMIN)));
      expect(far).toMatchObject({ kind: 'invalid', problems: [{ field: 'expiresAt' }] });

      const lasting = await createApiKey.execute(new CreateApiKeyCommand(system.id, null, ADMIN));
      const expiring = await createApiKey.execute(new CreateApiKeyCommand(system.id, new Date(Date.now() + 30 * DAY), ADMIN));
      const prefixOf = (key: string): string => PasswordHasher.parseApiKey(key)!.prefix;
      expect(await accounts.findUnrevokedApiKey(prefixOf(expiring.apiKey))).toMatchObject({ id: expiring.id });

      // Time passes: the key's expiry is behind it.
      await moduleRef!.get(DataSource).query(`UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expiring.id]);
      expect(await accounts.findUnrevokedApiKey(prefixOf(expiring.apiKey))).toBeNull();
      expect(await accounts.findApiKeyByPrefix(prefixOf(expiring.apiKey))).toMatchObject({ id: expiring.id });

      const revoked = await revokeKey.execute(new RevokeApiKeyCommand(system.id, lasting.id, ADMIN));
      expect(revoked.revokedAt).toBeInstanceOf(Date);
      expect(await accounts.findUnrevokedApiKey(prefixOf(lasting.apiKey))).toBeNull();
      expect(await accounts.findById(system.id)).toMatchObject({ active: true, tokenVersion: 1 });
      // Again: nothing changes.
      await revokeKey.execute(new RevokeApiKeyCommand(system.id, lasting.id, ADMIN));
      expect((await accounts.findById(system.id))!.tokenVersion).toBe(1);

      const listed = await accounts.listApiKeys(system.id);
      expect(listed.map((key) => key.id)).toEqual([lasting.id, expiring.id]);
      expect(await changesOf(system.id)).toEqual([
        { action: 'api-key-issued', changedBy: ADMIN, details: { keyId: lasting.id, prefix: prefixOf(lasting.apiKey), expiresAt: null } },
        { action: 'api-key-issued', changedBy: ADMIN, details: expect.objectContaining({ keyId: expiring.id }) },
        { action: 'api-key-revoked', changedBy: ADMIN, details: { keyId: lasting.id, prefix: prefixOf(lasting.apiKey) } },
      ]);

      const other = await createAccount.execute(
        new CreateAccountCommand({ email: 'beds2@facility.example', displayName: 'Bed board 2', role: 'system', facilityIds: [FACILITY] }),
      );
      expect(kindOf(await failureOf(revokeKey.execute(new RevokeApiKeyCommand(other.id, expiring.id, ADMIN))))).toBe('not-found');
      expect(kindOf(await failureOf(revokeKey.execute(new RevokeApiKeyCommand(system.id, FACILITY, ADMIN))))).toBe('not-found');
    },
    TIMEOUT_MS,
  );
});
