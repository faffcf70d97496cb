import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { StructuredLogger } from '#observability';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { loadConfig } from '#config';
import { Topic, topicsOf } from '#contracts';
import { KAFKA_CLIENT, kafkaConsumerTransportOptions, TopicProvisioner, trackConsumerLag } from '#messaging';
import { exposeMetrics } from '#http';
import { FacilityStateLoader } from './facility-state/facility-state.loader.js';
import { MatcherConfig } from './matcher.config.js';
import { MATCHER_SERVICE_NAME, MatcherModule } from './matcher.module.js';

const config = loadConfig(MatcherConfig);
const app = await NestFactory.create(MatcherModule.forRoot(config), { bufferLogs: true });
// JSON lines with the service and correlation id (see libs/observability).
app.useLogger(app.get(StructuredLogger));
app.enableShutdownHooks();
// Prometheus on a port of its own; the matcher's HTTP port answers health only.
await exposeMetrics(app, { service: MATCHER_SERVICE_NAME, port: config.MATCHER_METRICS_PORT, host: config.HOST });
trackConsumerLag(app.get(KAFKA_CLIENT), 'matcher', [Topic.ReferralSubmitted, Topic.ReferralSubmittedV2]);
const logger = new Logger('Matcher');
await app.listen(config.MATCHER_PORT, config.HOST);
logger.log(`health on http://${config.HOST}:${config.MATCHER_PORT}/health/ready`);
await app.get(TopicProvisioner).ensureTopics(topicsOf(MATCHER_SERVICE_NAME));
// Referrals are taken only once the facility state is complete; several instances share the group.
await app.get(FacilityStateLoader).start();
app.connectMicroservice<MicroserviceOptions>({
  transport: Transport.KAFKA,
  options: kafkaConsumerTransportOptions(
    { serviceName: MATCHER_SERVICE_NAME, kafka: config.kafkaConnection, outboxPollMs: config.OUTBOX_POLL_MS },
    'matcher',
  ),
});
await app.startAllMicroservices();
logger.log('matching referrals');
