import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { logLevelsUpTo } from '#config';
import { configureHttpApp, exposeMetrics } from '#web';
import { IdentityConfig } from './identity.config.js';
import { IdentityModule } from './identity.module.js';

const app = await NestFactory.create(IdentityModule);
const config = app.get(IdentityConfig);
app.useLogger(logLevelsUpTo(config.LOG_LEVEL));
configureHttpApp(app, 'Identity', 'Sign-in, accounts and API keys');
exposeMetrics(app, 'identity');
await app.listen(config.IDENTITY_PORT, config.HOST);
new Logger('Identity').log(`listening on http://${config.HOST}:${config.IDENTITY_PORT}`);
