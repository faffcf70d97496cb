// Kept apart from #auth: @nestjs/throttler is CommonJS requiring ESM @nestjs/common, which only the
// services' runtime (not the unit-test runtime) loads; code that needs no limits never loads it.
export * from './write-throttler.guard.js';
export * from './write-limit.module.js';
