import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { StructuredLogger } from '#observability';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Topic, topicsOf } from '#contracts';
import { KAFKA_CLIENT, kafkaConsumerTransportOptions, TopicProvisioner, trackConsumerLag } from '#messaging';
import { configureHttpApp, exposeMetrics } from '#http';
import { loadConfig } from '#config';
import { WriteLimitModule } from '#throttling';
import { ReferralConfig } from './referral.config.js';
import { REFERRAL_SERVICE_NAME, ReferralModule } from './referral.module.js';

const config = loadConfig(ReferralConfig);
const app = await NestFactory.create(ReferralModule.forRoot(config, { writeLimit: WriteLimitModule.forRoot(config.WRITES_PER_MINUTE) }), {
  bufferLogs: true,
});
// JSON lines with the service and correlation id (see libs/observability).
app.useLogger(app.get(StructuredLogger));
configureHttpApp(app, 'Referrals', 'Referral intake, live match results and placement history', {
  trustedProxies: config.TRUSTED_PROXY,
});
// Prometheus on an internal port of its own, not the API port the gateway proxies to.
await exposeMetrics(app, { service: REFERRAL_SERVICE_NAME, port: config.REFERRAL_METRICS_PORT, host: config.HOST });
trackConsumerLag(app.get(KAFKA_CLIENT), 'referral-service', [Topic.ReferralMatched, Topic.BedHold]);
await app.get(TopicProvisioner).ensureTopics(topicsOf(REFERRAL_SERVICE_NAME));
app.connectMicroservice<MicroserviceOptions>({
  transport: Transport.KAFKA,
  options: kafkaConsumerTransportOptions(
    { serviceName: REFERRAL_SERVICE_NAME, kafka: config.kafkaConnection, outboxPollMs: config.OUTBOX_POLL_MS },
    'referral-service',
  ),
});
await app.startAllMicroservices();
await app.listen(config.REFERRAL_PORT, config.HOST);
new Logger('ReferralService').log(`listening on http://${config.HOST}:${config.REFERRAL_PORT}`);
