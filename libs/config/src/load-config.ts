// Implicit conversion reads each property's design type from decorator metadata.
import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';

/** Variables whose values are secrets by their name: a bad one is named in the error, its value never shown. */
const SECRET_NAME = /SECRET|PASSWORD|KEY|TOKEN|JWKS/i;

/**
 * The password of a URL (`scheme://user:password@host`), up to the last `@` before the path as URL parsers
 * read it, and beyond when the rest has no `@` left: a malformed URL must not slip its password through.
 */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/?#\s:]*:)[^\s]*@/gi;

/** A value as a ConfigError may print it: secrets as `[redacted]`, URL passwords as `***`. */
export function shownConfigValue(name: string, value: unknown): string {
  if (value === undefined) return '(unset)';
  if (SECRET_NAME.test(name)) return '[redacted]';
  return JSON.stringify(value).replace(URL_PASSWORD, '$1***@');
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n` +
        'Fix these variables (see README.md, "Configuration") and start again.',
    );
    this.name = 'ConfigError';
  }
}

/** One line per bad variable, which the log may keep: the value shown without its secrets (see shownConfigValue). */
function problemOf(name: string, value: unknown, constraints: string[]): string {
  const shown = shownConfigValue(name, value);
  let reasons = constraints.join(', ');
  // A message that quotes the value (class-validator's $value) must not print it either; a value of a few
  // characters is left alone there, or the digits of "at least 32 characters" would be taken for it.
  if (typeof value === 'string' && value.length >= 4 && shown !== JSON.stringify(value)) reasons = reasons.split(value).join(shown);
  return `${name}=${shown}: ${reasons}`;
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
      errors.map((error) => problemOf(error.property, known[error.property] ?? error.value, Object.values(error.constraints ?? {}))),
    );
  }
  return config;
}
