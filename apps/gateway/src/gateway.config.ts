import { fileURLToPath } from 'node:url';
import { isURL, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { BROKER_LIST, ServiceConfig, TRUSTED_PROXY_LIST } from '#config';

const INTERNAL_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** A service's instances: one http(s) URL, or several separated by commas, each named once. */
function IsInstanceUrlList(): PropertyDecorator {
  return ValidateBy({
    name: 'isInstanceUrlList',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return false;
        const urls = instanceUrls(value);
        return urls.length > 0 && urls.every((url) => isURL(url, INTERNAL_URL)) && new Set(urls).size === urls.length;
      },
      defaultMessage: (args) =>
        `${args?.property ?? 'the variable'} must be an http(s) URL, or several (one per instance) separated by commas, each once`,
    },
  });
}

/** The instances of a list such as `http://127.0.0.1:3002,http://127.0.0.1:3102`, without trailing slashes. */
function instanceUrls(list: string): string[] {
  return list.split(',').map((url) => url.trim().replace(/\/+$/, ''));
}

export class GatewayConfig extends ServiceConfig {
  /** The one public port: the API, its OpenAPI page and the web app. */
  @IsInt()
  @Min(1)
  @Max(65535)
  GATEWAY_PORT: number = 3000;

  /** The gateway's Prometheus metrics (GET /metrics), on HOST: an internal port, never the public one. */
  @IsInt()
  @Min(1)
  @Max(65535)
  GATEWAY_METRICS_PORT: number = 3010;

  /**
   * Proxies in front of the gateway (a TLS terminator of yours) whose X-Forwarded-For it believes: `none`
   * by default, so the client's address is the connecting one and a client cannot forge it. The gateway
   * passes the services that one address alone, overwriting any X-Forwarded-For the client sent.
   */
  @Matches(TRUSTED_PROXY_LIST, { message: 'TRUSTED_PROXY must be none, or addresses, CIDR ranges, loopback, linklocal, uniquelocal' })
  override TRUSTED_PROXY: string = 'none';

  /**
   * Sign-in attempts (POST under /api/auth: password, API key, single sign-on) one client address may
   * make a minute, whatever the accounts; more get 429 with Retry-After before reaching identity.
   */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  SIGN_IN_PER_ADDRESS_PER_MINUTE: number = 30;

  /**
   * Where each service answers: one URL, or one per instance separated by commas. The gateway spreads
   * requests over a service's instances and sends a request on to another when one cannot be reached.
   */
  @IsInstanceUrlList()
  REGISTRY_URL: string = 'http://127.0.0.1:3001';

  @IsInstanceUrlList()
  REFERRAL_URL: string = 'http://127.0.0.1:3002';

  @IsInstanceUrlList()
  MATCHER_URL: string = 'http://127.0.0.1:3003';

  @IsInstanceUrlList()
  IDENTITY_URL: string = 'http://127.0.0.1:3004';

  /**
   * How long an instance that refused or dropped a connection is left out, in milliseconds; after that the
   * next request to its service tries it again (and goes on to another instance if it still does not answer).
   */
  @IsInt()
  @Min(100)
  @Max(300_000)
  INSTANCE_DOWN_MS: number = 5_000;

  /** Comma-separated origins a browser may call the API from (the app's own origin by default). */
  @IsString()
  CORS_ORIGINS: string = 'http://127.0.0.1:3000,http://localhost:3000';

  /** The built web app (`vite build` writes it beside the compiled services, in dist/apps/web). */
  @IsString()
  WEB_ROOT: string = fileURLToPath(new URL('../../web/', import.meta.url));

  /**
   * The broker address outside clients use, named by the AsyncAPI document. Under Docker the services
   * reach Kafka as kafka:29092, which a facility's own system cannot resolve.
   */
  @IsOptional()
  @Matches(BROKER_LIST, { message: 'KAFKA_PUBLIC_BROKERS must be host:port[,host:port...]' })
  KAFKA_PUBLIC_BROKERS?: string;

  get registryUrls(): string[] {
    return instanceUrls(this.REGISTRY_URL);
  }

  get referralUrls(): string[] {
    return instanceUrls(this.REFERRAL_URL);
  }

  get matcherUrls(): string[] {
    return instanceUrls(this.MATCHER_URL);
  }

  get identityUrls(): string[] {
    return instanceUrls(this.IDENTITY_URL);
  }

  get publicKafkaBrokers(): string[] {
    return this.KAFKA_PUBLIC_BROKERS?.split(',') ?? this.kafkaBrokers;
  }

  get publicUrl(): string {
    return `http://${this.HOST === '0.0.0.0' ? '127.0.0.1' : this.HOST}:${this.GATEWAY_PORT}`;
  }
}
