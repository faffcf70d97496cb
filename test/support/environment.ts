/**
 * Where `npm test` (deploy/local/test.mjs) started what the specs run against; set the variables to
 * test another deployment. Shared by the integration specs beside the code and the end-to-end specs.
 */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sud_referral_test';
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
export const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://127.0.0.1:13000';
