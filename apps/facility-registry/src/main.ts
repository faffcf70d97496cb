import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '#config';
import { StructuredLogger } from '#observability';
import { Topic } from '#contracts';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { KAFKA_CLIENT, kafkaConsumerTransportOptions, TopicProvisioner, trackConsumerLag } from '#messaging';
import { configureHttpApp, exposeMetrics } from '#http';
import { WriteLimitModule } from '#throttling';
import { RegistryConfig, REGISTRY_SERVICE_NAME } from './registry.config.js';
import { RegistryModule } from './registry.module.js';

const config = loadConfig(RegistryConfig);
const app = await NestFactory.create(RegistryModule.forRoot(config, { writeLimit: WriteLimitModule.forRoot(config.WRITES_PER_MINUTE) }), {
  bufferLogs: true,
});
// JSON lines with the service and correlation id (see libs/observability).
app.useLogger(app.get(StructuredLogger));
configureHttpApp(app, 'Facility registry', 'Facilities, their services and their bed counts', { trustedProxies: config.TRUSTED_PROXY });
// Prometheus on an internal port of its own, not the API port the gateway proxies to.
await exposeMetrics(app, { service: REGISTRY_SERVICE_NAME, port: config.REGISTRY_METRICS_PORT, host: config.HOST });
trackConsumerLag(app.get(KAFKA_CLIENT), REGISTRY_SERVICE_NAME, [Topic.ReferralTask, Topic.ReferralTaskV1, Topic.FacilityCapacityReport]);
await app
  .get(TopicProvisioner)
  .ensureTopics([
    Topic.FacilityProfile,
    Topic.FacilityCapacity,
    Topic.FacilityAccreditation,
    Topic.FacilityInsurance,
    Topic.ReferralTask,
    Topic.ReferralTaskV1,
    Topic.BedHold,
    Topic.FacilityCapacityReport,
    Topic.DeadLetter,
  ]);
// Bed holds follow the referral tasks addressed to each facility; facilities' own systems report counts.
app.connectMicroservice<MicroserviceOptions>({
  transport: Transport.KAFKA,
  options: kafkaConsumerTransportOptions(
    { serviceName: REGISTRY_SERVICE_NAME, brokers: config.kafkaBrokers, outboxPollMs: config.OUTBOX_POLL_MS },
    REGISTRY_SERVICE_NAME,
  ),
});
await app.startAllMicroservices();
await app.listen(config.REGISTRY_PORT, config.HOST);
new Logger('FacilityRegistry').log(`listening on http://${config.HOST}:${config.REGISTRY_PORT}`);
