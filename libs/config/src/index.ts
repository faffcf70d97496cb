export * from './load-config.js';
export * from './service.config.js';
export * from './signing-key-file.js';
