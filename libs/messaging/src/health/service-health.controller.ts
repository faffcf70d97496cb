import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import type { Kafka } from 'kafkajs';
import { Public } from '#auth';
import { KAFKA_CLIENT } from '../kafka/messaging.options.js';
import { OutboxRelay } from '../outbox/outbox.relay.js';

/** How long one dependency may take to answer before the service counts as not ready. */
const CHECK_TIMEOUT_MS = 3_000;

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
      () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
      () => this.indicators.check('kafka').attempt(() => this.listTopics()).withTimeout(CHECK_TIMEOUT_MS),
      () => this.indicators.check('outbox').attempt(async () => ({ backlog: await this.relay.backlog() })).withTimeout(CHECK_TIMEOUT_MS),
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
