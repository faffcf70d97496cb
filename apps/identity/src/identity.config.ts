import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { MAX_ACCESS_TOKEN_LIFETIME_SECONDS } from '#auth';
import { IsBooleanFlag, IsSigningKeyFile, SCHEMA_NAME, SecuredServiceConfig, ServiceConfig } from '#config';

const SCHEMA_MESSAGE = 'DATABASE_SCHEMA must be a lower-case PostgreSQL schema name (a-z, 0-9, _; at most 63 characters)';

/** What the identity database needs, and all the account CLI loads: it signs no tokens, so it needs no signing key. */
export class IdentityDatabaseConfig extends ServiceConfig {
  /** The PostgreSQL schema of the accounts and API keys. */
  @Matches(SCHEMA_NAME, { message: SCHEMA_MESSAGE })
  DATABASE_SCHEMA: string = 'identity';
}

export class IdentityConfig extends SecuredServiceConfig {
  /** The PostgreSQL schema of the accounts and API keys (as IdentityDatabaseConfig). */
  @Matches(SCHEMA_NAME, { message: SCHEMA_MESSAGE })
  DATABASE_SCHEMA: string = 'identity';

  @IsInt()
  @Min(1)
  @Max(65535)
  IDENTITY_PORT: number = 3004;

  /**
   * The PEM file (PKCS#8) of the EC P-256 private key identity signs access tokens with (ES256); only
   * identity has it, every other service verifies with the public key set identity publishes. No default:
   * keys come from the environment (npm start and npm test make one per run).
   */
  @IsSigningKeyFile()
  TOKEN_SIGNING_KEY_FILE!: string;

  /**
   * For a key rotation: the previous key's file, whose public part stays published so the tokens it signed
   * are accepted until they expire (15 minutes at most); unset it after that. Identity never signs with it.
   */
  @IsOptional()
  @IsSigningKeyFile()
  TOKEN_PREVIOUS_KEY_FILE?: string;

  /**
   * Access tokens expire after this many seconds; the caller signs in again. At most 15 minutes: the role
   * and facilities a token carries are trusted until then (revocation ends it sooner, see ACCESS_STATUS_CACHE_MS).
   */
  @IsInt()
  @Min(60, { message: 'ACCESS_TOKEN_TTL_SECONDS must be 60 to 900 (at most 15 minutes)' })
  // Every service refuses a token made to last longer (see #auth): the two caps are one.
  @Max(MAX_ACCESS_TOKEN_LIFETIME_SECONDS, { message: 'ACCESS_TOKEN_TTL_SECONDS must be 60 to 900 (at most 15 minutes)' })
  ACCESS_TOKEN_TTL_SECONDS: number = MAX_ACCESS_TOKEN_LIFETIME_SECONDS;

  /** Identity's Prometheus metrics (GET /metrics), on HOST: an internal port, never the API one. */
  @IsInt()
  @Min(1)
  @Max(65535)
  IDENTITY_METRICS_PORT: number = 3014;

  /**
   * Wrong sign-ins in a row an account (an email, an API key, a person at the identity provider) may make
   * before each further attempt waits: no hard lockout, the right password still signs in after the wait.
   */
  @IsInt()
  @Min(1)
  @Max(1_000)
  SIGN_IN_FAILURES_BEFORE_DELAY: number = 5;

  /** The first wait, in milliseconds; it doubles with each further wrong attempt (429 with Retry-After while it runs). */
  @IsInt()
  @Min(100)
  @Max(60_000)
  SIGN_IN_FIRST_DELAY_MS: number = 1_000;

  /** The longest wait between two attempts at one account, in seconds. */
  @IsInt()
  @Min(1)
  @Max(3_600)
  SIGN_IN_MAX_DELAY_SECONDS: number = 30;

  /** Minutes after the last wrong attempt when an account's count starts again from zero (a right one resets it at once). */
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SIGN_IN_FAILURES_FORGOTTEN_AFTER_MINUTES: number = 15;

  /**
   * Password hashes (argon2id, 64 MiB each) computed at once; further sign-ins queue. Keeps memory and
   * the libuv thread pool (4 threads) for everything else when many sign in at the same moment.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  PASSWORD_HASH_CONCURRENCY: number = 2;

  /** Sign-ins that may wait for a hash; beyond them, 503 "busy, try again" with Retry-After. */
  @IsInt()
  @Min(0)
  @Max(10_000)
  PASSWORD_HASH_QUEUE: number = 50;

  /**
   * Single sign-on (OpenID Connect): the `iss` of the organisation's ID tokens. Unset, single sign-on
   * is off. Set, OIDC_AUDIENCE and one of OIDC_JWKS_URL / OIDC_JWKS are needed too.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] }, { message: 'OIDC_ISSUER must be the issuer URL of the ID tokens' })
  OIDC_ISSUER?: string;

  /** The `aud` the ID tokens must carry: this system's client id at the identity provider. */
  @IsOptional()
  @IsString()
  OIDC_AUDIENCE?: string;

  /** Where the provider publishes its signing keys (its `jwks_uri`). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] }, { message: 'OIDC_JWKS_URL must be the provider’s jwks_uri' })
  OIDC_JWKS_URL?: string;

  /** The signing keys inline, as a JWK Set in JSON, for providers without a reachable jwks_uri. */
  @IsOptional()
  @IsString()
  OIDC_JWKS?: string;

  /**
   * Whether admin accounts may sign in by single sign-on too. Off by default: an admin signs in with their
   * password, so a compromised or misconfigured identity provider cannot hand out admin access.
   */
  @IsBooleanFlag()
  OIDC_ALLOW_ADMINS: boolean = false;
}
