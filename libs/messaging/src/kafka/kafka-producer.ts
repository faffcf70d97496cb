import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { KAFKA_CLIENT } from './messaging.options.js';

/**
 * The service's one idempotent producer. It connects lazily, so a service can start (and report
 * itself unready) while the broker is still coming up.
 */
@Injectable()
export class KafkaProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(KafkaProducer.name);
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;

  constructor(@Inject(KAFKA_CLIENT) private readonly kafka: Kafka) {}

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      try {
        await producer.connect();
      } catch (error) {
        this.connecting = null;
        throw error;
      }
      producer.on(producer.events.DISCONNECT, () => {
        this.producer = null;
        this.connecting = null;
      });
      this.producer = producer;
      return producer;
    })();
    return this.connecting;
  }

  async send(topicMessages: { topic: string; messages: Message[] }[]): Promise<void> {
    const producer = await this.connected();
    await producer.sendBatch({ topicMessages, acks: -1 });
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (producer) {
      await producer.disconnect().catch((error: Error) => this.logger.warn(`producer disconnect: ${error.message}`));
    }
  }
}
