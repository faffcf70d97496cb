import { fileURLToPath } from 'node:url';
import { IsInt, IsString, IsUrl, Max, Min } from 'class-validator';
import { ServiceConfig } from '#config';

const INTERNAL_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class GatewayConfig extends ServiceConfig {
  /** The one public port: the API, its OpenAPI page and the web app. */
  @IsInt()
  @Min(1)
  @Max(65535)
  GATEWAY_PORT: number = 3000;

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

  get publicUrl(): string {
    return `http://${this.HOST === '0.0.0.0' ? '127.0.0.1' : this.HOST}:${this.GATEWAY_PORT}`;
  }
}
