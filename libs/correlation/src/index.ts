export * from './correlation.context.js';
