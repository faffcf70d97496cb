// Implicit conversion reads each property's design type from decorator metadata.
import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n` +
        'Fix these variables (see README.md, "Configuration") and start again.',
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads the environment once, at start, into a typed and validated config object. Class property
 * initialisers are the defaults; a bad value stops the service with every problem listed at once.
 */
export function loadConfig<T extends object>(cls: ClassConstructor<T>, env: NodeJS.ProcessEnv = process.env): T {
  const known = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const config = plainToInstance(cls, known, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map(
        (error) =>
          `${error.property}=${JSON.stringify(known[error.property] ?? error.value)}: ${Object.values(error.constraints ?? {}).join(', ')}`,
      ),
    );
  }
  return config;
}
