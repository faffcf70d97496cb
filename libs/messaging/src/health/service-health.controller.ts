import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { Public } from '#auth';
import { KAFKA_CLIENT } from '../kafka/messaging.options.js';
import { OutboxRelay } from '../outbox/outbox.relay.js';

@ApiExcludeController()
@Public()
@Controller('health')
/** Liveness and readiness for a service that owns a database and an outbox. */
export class ServiceHealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly relay: OutboxRelay,
  ) {}

  /** Liveness: the process answers. */
  @Get('live')
  live(): { status: string } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Kafka both answer; reports the outbox backlog. */
  @Get('ready')
  async ready(): Promise<{ status: string; outboxBacklog: number }> {
    try {
      const outboxBacklog = await this.relay.backlog();
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        await admin.listTopics();
      } finally {
        await admin.disconnect();
      }
      return { status: 'ready', outboxBacklog };
    } catch (error) {
      throw new ServiceUnavailableException(`not ready: ${(error as Error).message}`);
    }
  }
}
