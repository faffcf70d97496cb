import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** On HTTP requests and answers. */
export const HTTP_CORRELATION_HEADER = 'x-correlation-id';
/** On Kafka messages. */
export const KAFKA_CORRELATION_HEADER = 'correlation-id';

const storage = new AsyncLocalStorage<string>();

/**
 * Runs `work` with a correlation id that every log line and every event it causes carries, so one
 * referral can be followed from the planner's request through every service.
 */
export function withCorrelation<T>(id: string, work: () => T): T {
  return storage.run(id, work);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

/** A caller-supplied id is kept if it is a plain token; anything else is replaced (it reaches logs). */
export function acceptCorrelationId(value: unknown): string {
  const text = Array.isArray(value) ? value[0] : value instanceof Buffer ? value.toString() : value;
  return typeof text === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(text) ? text : randomUUID();
}

/** The correlation id a Kafka message carries, or `fallback` (its event id) when it carries none. */
export function correlationIdOf(headers: Record<string, unknown> | undefined, fallback: string): string {
  const carried = headers?.[KAFKA_CORRELATION_HEADER];
  return carried === undefined ? fallback : acceptCorrelationId(carried);
}
