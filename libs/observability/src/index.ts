// Apart from other libs: nestjs-pino is CommonJS requiring ESM @nestjs/common, which the services'
// runtime loads but the unit-test runtime does not; only service modules import this.
export * from './structured-logger.module.js';
export { Logger as StructuredLogger } from 'nestjs-pino';
