export * from './principal.js';
export * from './auth.decorators.js';
export * from './access-token.guard.js';
export * from './access-token.verifier.js';
export * from './auth.module.js';
export * from './access-status.js';
