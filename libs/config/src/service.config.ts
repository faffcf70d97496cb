import { constants, accessSync, readFileSync, statSync } from 'node:fs';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** A comma-separated list of Kafka brokers as host:port, without a scheme (kafkajs takes no URL). */
export const BROKER_LIST = /^[^,\s:/]+:\d+(,[^,\s:/]+:\d+)*$/;

const PROXY_ENTRY = String.raw`(?:loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(?:/\d{1,3})?)`;

/** TRUSTED_PROXY: `none`, or addresses, CIDR ranges and Express's names, separated by commas. */
export const TRUSTED_PROXY_LIST = new RegExp(String.raw`^\s*(?:none|${PROXY_ENTRY}(?:\s*,\s*${PROXY_ENTRY})*)\s*$`);

/** A Kafka principal: what the broker's ACLs name (`User:<name>`). */
export const KAFKA_PRINCIPAL = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** SASL mechanisms a client may use: SCRAM on the clients' listener, PLAIN for the admin on the internal one. */
export const KAFKA_SASL_MECHANISMS = ['scram-sha-512', 'plain'] as const;

/** How many brokers keep a copy of each partition of a topic, and how many must have a write before it counts. */
export interface TopicReplication {
  readonly factor: number;
  /** `min.insync.replicas`: with acks=all, a write fails rather than be acknowledged by fewer copies. */
  readonly minInsync: number;
}

/** One broker: one copy of everything. */
export const SINGLE_BROKER_REPLICATION: TopicReplication = { factor: 1, minInsync: 1 };

/** How a process reaches Kafka: always over TLS, always as a principal with a password. */
export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly mechanism: (typeof KAFKA_SASL_MECHANISMS)[number];
  readonly username: string;
  readonly password: string;
  /** PEM certificates to trust instead of the system's, e.g. the local broker's own CA. */
  readonly ca?: string;
  /** The replication of the topics this process creates; unset, one broker's (SINGLE_BROKER_REPLICATION). */
  readonly replication?: TopicReplication;
}

/** A PostgreSQL schema name a service may own: lower-case, unquoted, at most 63 characters. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A yes/no variable: exactly `true` or `false` (implicit conversion would read any non-empty string, even
 * "false", as true); anything else is refused with the variable named.
 */
export function IsBooleanFlag(): PropertyDecorator {
  const fromText = Transform(({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }) => {
    const raw = obj[key];
    if (raw === undefined) return value;
    if (raw === 'true' || raw === true) return true;
    if (raw === 'false' || raw === false) return false;
    return raw;
  });
  const isBoolean = IsBoolean({ message: ({ property }) => `${property} must be true or false` });
  return (target, property) => {
    fromText(target, property as string);
    isBoolean(target, property as string);
  };
}

/** Where clients reach the system unless PUBLIC_BASE_URL says otherwise: the gateway on this machine. */
export const DEFAULT_PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

const PUBLIC_BASE_URL_MESSAGE =
  'PUBLIC_BASE_URL must be the http(s) URL clients reach the gateway at, without a trailing slash, query or fragment';

/**
 * Checks a PUBLIC_BASE_URL: an http(s) URL, optionally with a path, and no trailing slash, query or fragment,
 * so that `${PUBLIC_BASE_URL}/api/...` is a link a client can follow.
 */
export function IsPublicBaseUrl(): PropertyDecorator {
  const isUrl = IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: PUBLIC_BASE_URL_MESSAGE });
  const shape = Matches(/^https?:\/\/[^?#\s]*[^/?#\s]$/i, { message: PUBLIC_BASE_URL_MESSAGE });
  return (target, property) => {
    isUrl(target, property as string);
    shape(target, property as string);
  };
}

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

  /** The Kafka principal this process authenticates as; its ACLs allow exactly the topics it uses. */
  @ValidateIf((config: ServiceConfig) => config.usesKafka || config.KAFKA_USERNAME !== undefined)
  @Matches(KAFKA_PRINCIPAL, { message: 'KAFKA_USERNAME must be the Kafka principal this service runs as (a-z, 0-9, . _ -)' })
  KAFKA_USERNAME?: string;

  @ValidateIf((config: ServiceConfig) => config.usesKafka || config.KAFKA_PASSWORD !== undefined)
  @MinLength(16, { message: "KAFKA_PASSWORD must be the principal's SCRAM password, at least 16 characters" })
  KAFKA_PASSWORD?: string;

  /**
   * Copies of each partition of the topics a service creates: 1 for one broker, 3 for a cluster (a topic
   * that already exists keeps its own). At most the number of brokers, or creating the topics fails.
   */
  @IsInt()
  @Min(1)
  KAFKA_REPLICATION_FACTOR: number = 1;

  /**
   * Copies that must have a write before it is acknowledged (the topics' `min.insync.replicas`); unset, a
   * majority of KAFKA_REPLICATION_FACTOR (2 of 3), so one broker may be down and no acknowledged write is lost.
   */
  @ValidateIf((config: ServiceConfig) => config.KAFKA_MIN_INSYNC_REPLICAS !== undefined)
  @IsInt()
  @Min(1)
  @ValidateBy({
    name: 'atMostReplicationFactor',
    validator: {
      validate: (value: unknown, args) => typeof value === 'number' && value <= (args?.object as ServiceConfig).KAFKA_REPLICATION_FACTOR,
      defaultMessage: () => 'KAFKA_MIN_INSYNC_REPLICAS must be at most KAFKA_REPLICATION_FACTOR, or no write could ever succeed',
    },
  })
  KAFKA_MIN_INSYNC_REPLICAS?: number;

  @IsIn(KAFKA_SASL_MECHANISMS)
  KAFKA_SASL_MECHANISM: (typeof KAFKA_SASL_MECHANISMS)[number] = 'scram-sha-512';

  /** PEM file of the CA that signed the brokers' certificates; unset, the system's CAs are trusted. */
  @ValidateIf((config: ServiceConfig) => config.KAFKA_CA_FILE !== undefined)
  @IsReadableFile({ message: "KAFKA_CA_FILE must name a readable PEM file (the CA of the brokers' certificates)" })
  KAFKA_CA_FILE?: string;

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

  /**
   * How long a `/health/ready` answer is reused, in milliseconds: readiness is public and each check opens
   * connections, so a flood of calls costs one check per interval. 0 shares only a check in progress.
   */
  @IsInt()
  @Min(0)
  @Max(60_000)
  HEALTH_CACHE_MS: number = 2_000;

  /**
   * Whose X-Forwarded-For to believe for the client's address: `none`, or a comma-separated list of
   * addresses, CIDR ranges and `loopback` / `linklocal` / `uniquelocal`. A service trusts the gateway
   * (on this machine: `loopback`); the gateway overrides the default with `none`.
   */
  @Matches(TRUSTED_PROXY_LIST, { message: 'TRUSTED_PROXY must be none, or addresses, CIDR ranges, loopback, linklocal, uniquelocal' })
  TRUSTED_PROXY: string = 'loopback';

  get kafkaBrokers(): string[] {
    return this.KAFKA_BROKERS.split(',');
  }

  /** The replication of the topics this process creates (KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS). */
  get kafkaReplication(): TopicReplication {
    const factor = this.KAFKA_REPLICATION_FACTOR;
    return { factor, minInsync: this.KAFKA_MIN_INSYNC_REPLICAS ?? Math.floor(factor / 2) + 1 };
  }

  /** Whether this process talks to Kafka, so that its credentials are required. */
  get usesKafka(): boolean {
    return false;
  }

  /** Where and as whom to connect to Kafka; only for a config whose `usesKafka` is true, or with credentials set. */
  // The CA file is read once however often the connection is asked for (client and consumer both ask).
  #kafkaCa?: string;

  get kafkaConnection(): KafkaConnection {
    if (this.KAFKA_USERNAME === undefined || this.KAFKA_PASSWORD === undefined) {
      throw new Error('KAFKA_USERNAME and KAFKA_PASSWORD must be set to connect to Kafka');
    }
    return {
      brokers: this.kafkaBrokers,
      mechanism: this.KAFKA_SASL_MECHANISM,
      username: this.KAFKA_USERNAME,
      password: this.KAFKA_PASSWORD,
      ca: this.KAFKA_CA_FILE === undefined ? undefined : (this.#kafkaCa ??= readFileSync(this.KAFKA_CA_FILE, 'utf8')),
      replication: this.kafkaReplication,
    };
  }
}

/** For a command-line tool that always connects to Kafka (as an operator or the admin): credentials required. */
export class KafkaClientConfig extends ServiceConfig {
  override get usesKafka(): boolean {
    return true;
  }
}

/** A path to a file this process can read. */
function IsReadableFile(options: { message: string }): PropertyDecorator {
  return ValidateBy({
    name: 'isReadableFile',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || value === '') return false;
        try {
          accessSync(value, constants.R_OK);
          const file = statSync(value);
          return file.isFile() && file.size > 0;
        } catch {
          return false;
        }
      },
      defaultMessage: () => options.message,
    },
  });
}

/**
 * Settings of a service that checks access tokens. It holds no signing material: only identity signs (with
 * TOKEN_SIGNING_KEY_FILE, see its config); the others verify with the public keys identity publishes.
 */
export class SecuredServiceConfig extends ServiceConfig {
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

/**
 * Settings of a service whose API is reached through the gateway by accounts identity may revoke: where
 * identity answers, how long its answers count, and the public address links are built on.
 */
export class AccessCheckedServiceConfig extends SecuredServiceConfig {
  /**
   * The identity service, asked whether an account behind a token is still active, and whose published
   * key set (GET /api/auth/jwks) access tokens are verified with (same variable as the gateway's).
   */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'IDENTITY_URL must be an http(s) URL' })
  IDENTITY_URL: string = 'http://127.0.0.1:3004';

  /**
   * How long identity's answer about an account (active, token version) is reused, in milliseconds: a
   * deactivation or change of access takes effect here within this. At most 30 s.
   */
  @IsInt()
  @Min(0)
  @Max(30_000, { message: 'ACCESS_STATUS_CACHE_MS must be at most 30000: revoked access must end within 30 s' })
  ACCESS_STATUS_CACHE_MS: number = 30_000;

  /**
   * While identity cannot be reached, how long its last answer about an account still counts, in
   * milliseconds; after that the account's requests get 503 rather than go unchecked.
   */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  ACCESS_STATUS_STALE_MS: number = 300_000;

  /**
   * Where clients reach the system (the gateway), e.g. https://referrals.example.org: the base of the links
   * in FHIR answers, which are never built from the request's Host header (a client could forge it).
   */
  @IsPublicBaseUrl()
  PUBLIC_BASE_URL: string = DEFAULT_PUBLIC_BASE_URL;
}

/** Nest logger levels up to and including the configured one. */
export function logLevelsUpTo(level: (typeof LOG_LEVELS)[number]): (typeof LOG_LEVELS)[number][] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
