import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { logLevelsUpTo } from '#config';
import { Topic } from '#contracts';
import { TopicProvisioner } from '#messaging';
import { configureHttpApp } from '#web';
import { RegistryConfig } from './registry.config.js';
import { RegistryModule } from './registry.module.js';

const app = await NestFactory.create(RegistryModule, { bufferLogs: false });
const config = app.get(RegistryConfig);
app.useLogger(logLevelsUpTo(config.LOG_LEVEL));
configureHttpApp(app, 'Facility registry', 'Facilities, their services and their bed counts');
await app.get(TopicProvisioner).ensureTopics([Topic.FacilityProfile, Topic.FacilityCapacity, Topic.FacilityAccreditation, Topic.FacilityInsurance, Topic.DeadLetter]);
await app.listen(config.REGISTRY_PORT, config.HOST);
new Logger('FacilityRegistry').log(`listening on http://${config.HOST}:${config.REGISTRY_PORT}`);
