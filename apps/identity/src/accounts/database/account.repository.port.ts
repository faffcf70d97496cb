import type { Transaction } from '#persistence';
import type { SsoIdentity } from '../../auth/domain/sso-sign-in.js';
import type { AccountChangeEntity } from './account-change.entity.js';
import type { AccountEntity } from './account.entity.js';
import type { ApiKeyEntity } from './api-key.entity.js';

export const ACCOUNT_REPOSITORY = Symbol('ACCOUNT_REPOSITORY');

/** The fields of an account an admin (or the account CLI) sets; the rest the database fills in. */
export type AccountFields = Pick<
  AccountEntity,
  'email' | 'displayName' | 'role' | 'facilityIds' | 'organization' | 'passwordHash' | 'active'
>;

/** A new API key's row: the secret part only as a hash. */
export type NewApiKey = Pick<ApiKeyEntity, 'accountId' | 'prefix' | 'secretHash' | 'expiresAt'>;

/** What an admin may change about an account's access; each change raises its token version. */
export type AccessFields = Partial<Pick<AccountEntity, 'active' | 'facilityIds' | 'organization'>>;

/** One entry of the account audit log. */
export type NewAccountChange = Pick<AccountChangeEntity, 'accountId' | 'changedBy' | 'action' | 'details'>;

/**
 * Accounts and their API keys. Writes take the transaction of a `UnitOfWork.run`; plain reads
 * (sign-in, listing) need none.
 */
export interface AccountRepository {
  findById(id: string): Promise<AccountEntity | null>;
  /** Every account, by email. */
  listByEmail(): Promise<AccountEntity[]>;
  /** The active account of that (lower-case) email, if any: the one that may sign in. */
  findActiveByEmail(email: string): Promise<AccountEntity | null>;
  findActiveById(id: string): Promise<AccountEntity | null>;
  /** The API key of that public prefix, unless it was revoked or has expired: one that may sign in. */
  findUnrevokedApiKey(prefix: string): Promise<ApiKeyEntity | null>;
  /** The API key of that public prefix whatever its state, to say why it may not sign in. */
  findApiKeyByPrefix(prefix: string): Promise<ApiKeyEntity | null>;
  /** The account's API keys, oldest first. */
  listApiKeys(accountId: string): Promise<ApiKeyEntity[]>;
  /** The account's audit log, oldest first. */
  listChanges(accountId: string): Promise<AccountChangeEntity[]>;

  /** The account, locked until the transaction ends, so that concurrent changes to it queue. */
  lockById(tx: Transaction, id: string): Promise<AccountEntity | null>;
  /** Sets the fields of a locked account and raises its token version, ending its earlier access tokens. */
  changeAccess(tx: Transaction, account: AccountEntity, fields: AccessFields): Promise<AccountEntity>;
  /** That key of that account, read inside the transaction. */
  findApiKey(tx: Transaction, accountId: string, keyId: string): Promise<ApiKeyEntity | null>;
  /** Marks the key revoked as of `at`. */
  revokeApiKey(tx: Transaction, key: ApiKeyEntity, at: Date): Promise<ApiKeyEntity>;
  /** Appends to the account audit log. */
  recordChange(tx: Transaction, change: NewAccountChange): Promise<void>;

  /** The account of that (lower-case) email, active or not, read inside the transaction. */
  findByEmail(tx: Transaction, email: string): Promise<AccountEntity | null>;
  /**
   * Inserts the account, or updates `existing` (found in the same transaction) with the fields, raising
   * its token version (its earlier tokens end).
   * A second account of the same email fails on the unique index (PostgreSQL code 23505).
   */
  save(tx: Transaction, fields: AccountFields, existing?: AccountEntity | null): Promise<AccountEntity>;
  /** Stores a new API key and returns its id. */
  addApiKey(tx: Transaction, key: NewApiKey): Promise<string>;
  /**
   * Binds the account to the person (`issuer`, `subject`) unless it is bound to someone already. True when
   * the account is now bound to that person (just now or before), false when to another. A person bound to
   * another account already fails on the unique constraint (PostgreSQL code 23505).
   */
  bindSsoIdentity(tx: Transaction, accountId: string, identity: Pick<SsoIdentity, 'issuer' | 'subject'>): Promise<boolean>;
}
