import { Logger } from '@nestjs/common';

/**
 * Retries a start-up step against Kafka with backoff: a broker that has just created a topic, or
 * is still electing leaders, answers with retriable errors for a moment.
 */
export async function withRetry<T>(label: string, action: () => Promise<T>, attempts = 15): Promise<T> {
  const logger = new Logger('Retry');
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= attempts) {
        throw new Error(`${label} failed after ${attempts} attempts: ${(error as Error).message}. Is Kafka running and reachable?`, {
          cause: error,
        });
      }
      const delay = Math.min(5_000, 200 * 2 ** attempt);
      logger.warn(`${label}: ${(error as Error).message}; retrying in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
