export * from './validation.pipe.js';
export * from './http-app.setup.js';
export * from './page.request.dto.js';
export * from './dependency-down.filter.js';
export * from './http-metrics.js';
export * from './correlation.middleware.js';
export * from './health-checks.module.js';
