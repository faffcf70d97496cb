import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KAFKA_CORRELATION_HEADER } from '#correlation';
import { EVENT_ID_HEADER } from '../envelope/envelope-for.js';
import { KafkaProducer } from '../kafka/kafka-producer.js';
import { trackOutboxBacklog } from '../metrics/messaging.metrics.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../kafka/messaging.options.js';

const BATCH_SIZE = 500;
const MAX_BACKOFF_MS = 5_000;

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  envelope: { eventId: string };
  correlation_id: string | null;
}

/**
 * Publishes committed outbox rows to Kafka, oldest first, and marks them published only after the
 * broker acknowledged them: at-least-once, with ids that let consumers drop the duplicates.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: KafkaProducer,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  onApplicationBootstrap(): void {
    trackOutboxBacklog(() => this.backlog());
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
  }

  /** Called after a commit that wrote to the outbox, so the event leaves now rather than at the next poll. */
  notify(): void {
    this.wake?.();
  }

  /** Unpublished events still waiting in the outbox. */
  async backlog(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
    return row.n as number;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published: number;
      try {
        published = await this.publishBatch();
        if (this.failures > 0) this.logger.log(`outbox relay recovered after ${this.failures} failed attempts`);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.failures);
        this.logger.warn(
          `outbox relay could not publish (attempt ${this.failures}, retrying in ${delay} ms): ${(error as Error).message}. ` +
            'Events stay in the outbox until Kafka and PostgreSQL are reachable.',
        );
        await this.sleep(delay);
        continue;
      }
      if (published < BATCH_SIZE) await this.sleep(this.options.outboxPollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** One batch under a per-schema advisory lock: a single relay per service keeps per-key order. */
  async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query("SELECT pg_try_advisory_xact_lock(hashtext('outbox-relay:' || current_schema())) AS locked");
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(
        'SELECT id, topic, message_key, envelope, correlation_id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1',
        [BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const row of rows) {
        const messages = byTopic.get(row.topic) ?? [];
        messages.push({
          key: row.message_key,
          value: JSON.stringify(row.envelope),
          headers: {
            [EVENT_ID_HEADER]: row.envelope.eventId,
            ...(row.correlation_id ? { [KAFKA_CORRELATION_HEADER]: row.correlation_id } : {}),
          },
        });
        byTopic.set(row.topic, messages);
      }
      await this.producer.send([...byTopic].map(([topic, messages]) => ({ topic, messages })));
      await manager.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      return rows.length;
    });
  }
}
