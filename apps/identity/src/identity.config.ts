import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { IsBooleanFlag, SCHEMA_NAME, SecuredServiceConfig, ServiceConfig } from '#config';

const SCHEMA_MESSAGE = 'DATABASE_SCHEMA must be a lower-case PostgreSQL schema name (a-z, 0-9, _; at most 63 characters)';

/** What the identity database needs, and all the account CLI loads: it signs no tokens, so it needs no JWT_SECRET. */
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

  /** Access tokens expire after this many seconds; the caller signs in again. */
  @IsInt()
  @Min(60)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  /** Sign-in attempts allowed per account in 15 minutes; more get 429. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  SIGN_IN_ATTEMPTS_PER_15_MINUTES: number = 10;

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
