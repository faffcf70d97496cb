import { IsInt, Max, Min } from 'class-validator';
import { SecuredServiceConfig } from '#config';

export class IdentityConfig extends SecuredServiceConfig {
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
}
