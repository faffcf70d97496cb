import { Logger } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { KafkaConnection } from '#config';
import type { MessagingOptions } from './messaging.options.js';

/** Routes kafkajs logs through Nest's logger, at warn and above: its info level is very chatty. */
function nestLogCreator(): (entry: LogEntry) => void {
  const logger = new Logger('Kafka');
  return ({ level, log }) => {
    const { message, ...extra } = log;
    // Our producers retry through the outbox, so kafkajs's caution about bounded retries is noise.
    if (String(message).startsWith('Limiting retries for the idempotent producer')) return;
    const text = `${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) logger.error(text);
    else if (level === logLevel.WARN) logger.warn(text);
  };
}

/** TLS and SASL for kafkajs: the broker refuses any client that is not a principal with a password. */
export function kafkaSecurity(connection: KafkaConnection): Pick<KafkaConfig, 'brokers' | 'ssl' | 'sasl'> {
  const { username, password } = connection;
  return {
    brokers: [...connection.brokers],
    ssl: connection.ca === undefined ? true : { ca: [connection.ca] },
    sasl:
      connection.mechanism === 'plain' ? { mechanism: 'plain', username, password } : { mechanism: 'scram-sha-512', username, password },
  };
}

export function createKafkaClient(options: MessagingOptions, clientSuffix = ''): Kafka {
  return new Kafka({
    clientId: `${options.serviceName}${clientSuffix}`,
    ...kafkaSecurity(options.kafka),
    logLevel: logLevel.WARN,
    logCreator: () => nestLogCreator(),
    // Services may start before the broker; keep retrying with backoff instead of dying.
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 20 },
  });
}

/** Kafka options for a Nest microservice consumer (`@EventPattern` handlers). */
export function kafkaConsumerTransportOptions(options: MessagingOptions, groupId: string) {
  return {
    client: {
      clientId: `${options.serviceName}-consumer`,
      ...kafkaSecurity(options.kafka),
      logLevel: logLevel.WARN,
      logCreator: () => nestLogCreator(),
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 20 },
    },
    producer: { createPartitioner: Partitioners.DefaultPartitioner },
    consumer: { groupId, allowAutoTopicCreation: false, sessionTimeout: 15_000, heartbeatInterval: 1_000 },
    subscribe: { fromBeginning: true },
    // Raw bytes in, so our own decoder (and the dead-letter topic) sees exactly what was sent.
    parser: { keepBinary: true },
    postfixId: '',
    run: { autoCommit: true },
  };
}
