import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** A comma-separated list of Kafka brokers as host:port, without a scheme (kafkajs takes no URL). */
export const BROKER_LIST = /^[^,\s:/]+:\d+(,[^,\s:/]+:\d+)*$/;

/** A PostgreSQL schema name a service may own: lower-case, unquoted, at most 63 characters. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Settings every service shares; each app extends this with its own port and tuning. */
export class ServiceConfig {
  /** The PostgreSQL server and database; each service keeps its tables in a schema of its own. */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/sud_referral';

  /** Connections each service instance keeps open to PostgreSQL at most. */
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE: number = 10;

  /** Comma-separated host:port list of Kafka bootstrap brokers. */
  @Matches(BROKER_LIST, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'log';

  /** How often the outbox relay looks for unpublished events when idle. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_MS: number = 100;

  @IsString()
  @IsNotEmpty()
  HOST: string = '127.0.0.1';

  get kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',');
  }
}

/** Settings of a service that checks access tokens. */
export class SecuredServiceConfig extends ServiceConfig {
  /**
   * Secret that signs and verifies access tokens; every service must have the same one. No default:
   * secrets come from the environment (npm start and npm test generate one per run).
   */
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters; generate one with `openssl rand -hex 32`' })
  JWT_SECRET!: string;

  /** Issuer claim of access tokens. */
  @IsString()
  @IsNotEmpty()
  JWT_ISSUER: string = 'sud-referral';

  /** Changes (POST/PUT/PATCH/DELETE) one account may make per minute before getting 429. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  WRITES_PER_MINUTE: number = 300;
}

/** Nest logger levels up to and including the configured one. */
export function logLevelsUpTo(level: (typeof LOG_LEVELS)[number]): (typeof LOG_LEVELS)[number][] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
