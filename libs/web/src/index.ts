export * from './validation.pipe.js';
export * from './http-app.setup.js';
