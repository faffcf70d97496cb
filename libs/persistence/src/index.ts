export * from './database-setup.js';
export * from './data-source-options.js';
export * from './snake-naming.strategy.js';
export * from './service-database.module.js';
export * from './dependency-down.js';
export * from './until-reachable.js';
export * from './unit-of-work/transaction.js';
export * from './unit-of-work/unit-of-work.js';
