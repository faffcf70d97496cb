import type { Transaction } from '#persistence';
import type { SsoIdentity } from '../../auth/domain/sso-sign-in.js';
import type { AccountEntity } from './account.entity.js';
import type { ApiKeyEntity } from './api-key.entity.js';

export const ACCOUNT_REPOSITORY = Symbol('ACCOUNT_REPOSITORY');

/** The fields of an account an admin (or the account CLI) sets; the rest the database fills in. */
export type AccountFields = Pick<
  AccountEntity,
  'email' | 'displayName' | 'role' | 'facilityIds' | 'organization' | 'passwordHash' | 'active'
>;

/** A new API key's row: the secret part only as a hash. */
export type NewApiKey = Pick<ApiKeyEntity, 'accountId' | 'prefix' | 'secretHash'>;

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
  /** The API key of that public prefix, unless it was revoked. */
  findUnrevokedApiKey(prefix: string): Promise<ApiKeyEntity | null>;

  /** The account of that (lower-case) email, active or not, read inside the transaction. */
  findByEmail(tx: Transaction, email: string): Promise<AccountEntity | null>;
  /**
   * Inserts the account, or updates `existing` (found in the same transaction) with the fields.
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
