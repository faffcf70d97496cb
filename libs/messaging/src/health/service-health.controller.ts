import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import type { Kafka } from 'kafkajs';
import { Public } from '#auth';
import { HEALTH_CHECK_TIMEOUT_MS } from '#http';
import { KAFKA_CLIENT } from '../kafka/messaging.options.js';
import { OutboxRelay } from '../outbox/outbox.relay.js';

@ApiExcludeController()
@Public()
@Controller('health')
/** Liveness and readiness for a service that owns a database and an outbox. */
export class ServiceHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly relay: OutboxRelay,
  ) {}

  /** Liveness: the process answers. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: PostgreSQL and Kafka both answer; the outbox backlog says how far events lag behind. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: HEALTH_CHECK_TIMEOUT_MS }),
      () =>
        this.indicators
          .check('kafka')
          .attempt(() => this.listTopics())
          .withTimeout(HEALTH_CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('outbox')
          .attempt(async () => ({ backlog: await this.relay.backlog() }))
          .withTimeout(HEALTH_CHECK_TIMEOUT_MS),
    ]);
  }

  private async listTopics(): Promise<{ topics: number }> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return { topics: (await admin.listTopics()).length };
    } finally {
      await admin.disconnect();
    }
  }
}
