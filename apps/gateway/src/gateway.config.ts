import { fileURLToPath } from 'node:url';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { BROKER_LIST, ServiceConfig, TRUSTED_PROXY_LIST } from '#config';

const INTERNAL_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

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

  @IsUrl(INTERNAL_URL)
  REGISTRY_URL: string = 'http://127.0.0.1:3001';

  @IsUrl(INTERNAL_URL)
  REFERRAL_URL: string = 'http://127.0.0.1:3002';

  @IsUrl(INTERNAL_URL)
  MATCHER_URL: string = 'http://127.0.0.1:3003';

  @IsUrl(INTERNAL_URL)
  IDENTITY_URL: string = 'http://127.0.0.1:3004';

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

  get publicKafkaBrokers(): string[] {
    return this.KAFKA_PUBLIC_BROKERS?.split(',') ?? this.kafkaBrokers;
  }

  get publicUrl(): string {
    return `http://${this.HOST === '0.0.0.0' ? '127.0.0.1' : this.HOST}:${this.GATEWAY_PORT}`;
  }
}
