import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '#config';
import { StructuredLogger } from '#observability';
import { SERVICE_TOPIC_ACCESS, topicsOf } from '#contracts';
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
trackConsumerLag(app.get(KAFKA_CLIENT), REGISTRY_SERVICE_NAME, SERVICE_TOPIC_ACCESS[REGISTRY_SERVICE_NAME].consumes);
await app.get(TopicProvisioner).ensureTopics(topicsOf(REGISTRY_SERVICE_NAME));
// Bed holds follow the referral tasks addressed to each facility; facilities' own systems report counts.
app.connectMicroservice<MicroserviceOptions>({
  transport: Transport.KAFKA,
  options: kafkaConsumerTransportOptions(
    { serviceName: REGISTRY_SERVICE_NAME, kafka: config.kafkaConnection, outboxPollMs: config.OUTBOX_POLL_MS },
    REGISTRY_SERVICE_NAME,
  ),
});
await app.startAllMicroservices();
await app.listen(config.REGISTRY_PORT, config.HOST);
new Logger('FacilityRegistry').log(`listening on http://${config.HOST}:${config.REGISTRY_PORT}`);
