export * from './facility-snapshot.js';
export * from './match-request.js';
export * from './geo-distance.js';
export * from './ranking-weights.js';
export * from './matching-rules.js';
export * from './facility-index.js';
