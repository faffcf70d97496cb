import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '#config';
import { StructuredLogger } from '#observability';
import { configureHttpApp, exposeMetrics } from '#http';
import { IdentityConfig } from './identity.config.js';
import { IdentityModule } from './identity.module.js';

const config = loadConfig(IdentityConfig);
const app = await NestFactory.create(IdentityModule.forRoot(config), { bufferLogs: true });
// JSON lines with the service and correlation id (see libs/observability).
app.useLogger(app.get(StructuredLogger));
configureHttpApp(app, 'Identity', 'Sign-in, accounts and API keys', { trustedProxies: config.TRUSTED_PROXY });
// Prometheus on an internal port of its own, not the API port the gateway proxies to.
await exposeMetrics(app, { service: 'identity', port: config.IDENTITY_METRICS_PORT, host: config.HOST });
await app.listen(config.IDENTITY_PORT, config.HOST);
new Logger('Identity').log(`listening on http://${config.HOST}:${config.IDENTITY_PORT}`);
