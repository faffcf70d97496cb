import type { KafkaConnection } from '#config';

export interface MessagingOptions {
  /** Names the service in Kafka client ids and in every envelope it produces. */
  readonly serviceName: string;
  /** Brokers, principal and password, trusted CA: see `ServiceConfig.kafkaConnection`. */
  readonly kafka: KafkaConnection;
  readonly outboxPollMs: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
/** The kafkajs client, one per service process. */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
