import { Logger } from '@nestjs/common';

export interface WaitOptions {
  readonly attempts?: number;
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * Retries a start-up step with backoff while a dependency is not up yet, so services can be
 * started in any order: about a minute with the defaults, then the last error is thrown.
 */
export async function untilReachable<T>(what: string, action: () => Promise<T>, options: WaitOptions = {}): Promise<T> {
  const { attempts = 16, firstDelayMs = 500, maxDelayMs = 5_000 } = options;
  const logger = new Logger('Startup');
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= attempts) throw error;
      const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
      logger.warn(`waiting for ${what} (${(error as Error).message}); retrying in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
