import { Module, type DynamicModule } from '@nestjs/common';
import { createKafkaClient } from './kafka/kafka-client.factory.js';
import { KafkaProducer } from './kafka/kafka-producer.js';
import { KAFKA_CLIENT, MESSAGING_OPTIONS, type MessagingOptions } from './kafka/messaging.options.js';
import { TopicProvisioner } from './kafka/topic.provisioner.js';
import { DeadLetterPublisher } from './inbox/dead-letter.publisher.js';
import { EventInbox } from './inbox/event.inbox.js';
import { OutboxRelay } from './outbox/outbox.relay.js';
import { OutboxWriter } from './outbox/outbox.writer.js';

@Module({})
export class MessagingModule {
  /** Kafka producer, topic provisioning and dead letters: for services without a database. */
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: KAFKA_CLIENT, useFactory: () => createKafkaClient(options) },
        KafkaProducer,
        TopicProvisioner,
        DeadLetterPublisher,
      ],
      exports: [MESSAGING_OPTIONS, KAFKA_CLIENT, KafkaProducer, TopicProvisioner, DeadLetterPublisher],
    };
  }

  /** Adds the transactional outbox and the idempotent inbox: needs the service's TypeORM DataSource. */
  static forRootWithOutbox(options: MessagingOptions): DynamicModule {
    const base = MessagingModule.forRoot(options);
    return {
      ...base,
      providers: [...(base.providers ?? []), OutboxWriter, OutboxRelay, EventInbox],
      exports: [...(base.exports ?? []), OutboxWriter, OutboxRelay, EventInbox],
    };
  }
}
