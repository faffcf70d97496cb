// Kept apart from #auth: @nestjs/throttler is CommonJS requiring ESM @nestjs/common, which only the
// services' runtime (not the unit-test runtime) loads; code that needs no limits never loads it.
// For the same reason the services' migrations cannot import from here: each creates the
// `write_limit_hits` table PostgresThrottlerStorage documents in a migration of its own.
export * from './write-throttler.guard.js';
export * from './write-limit.module.js';
export * from './postgres-throttler.storage.js';
