import { ConfigError, loadConfig } from '#config';
import { GatewayConfig } from './gateway.config.js';

describe('GatewayConfig', () => {
  it('names the brokers the services use in the AsyncAPI document unless a public address is given', () => {
    expect(loadConfig(GatewayConfig, { KAFKA_BROKERS: 'kafka:29092' }).publicKafkaBrokers).toEqual(['kafka:29092']);
    expect(
      loadConfig(GatewayConfig, {
        KAFKA_BROKERS: 'kafka:29092',
        KAFKA_PUBLIC_BROKERS: 'broker-1.example.org:9092,broker-2.example.org:9092',
      }).publicKafkaBrokers,
    ).toEqual(['broker-1.example.org:9092', 'broker-2.example.org:9092']);
  });

  it.each(['kafka', 'kafka:29092,', 'http://kafka:9092'])('refuses KAFKA_PUBLIC_BROKERS=%s', (brokers) => {
    expect(() => loadConfig(GatewayConfig, { KAFKA_PUBLIC_BROKERS: brokers })).toThrow(ConfigError);
  });

  it('takes one URL per service, or one per instance separated by commas', () => {
    const config = loadConfig(GatewayConfig, {
      REFERRAL_URL: 'http://127.0.0.1:3002, http://127.0.0.1:3102/',
      IDENTITY_URL: 'http://identity:3004',
    });
    expect(config.referralUrls).toEqual(['http://127.0.0.1:3002', 'http://127.0.0.1:3102']);
    expect(config.identityUrls).toEqual(['http://identity:3004']);
    expect(config.registryUrls).toEqual(['http://127.0.0.1:3001']);
  });

  it.each(['http://127.0.0.1:3002,', 'http://127.0.0.1:3002,127.0.0.1:3102', 'http://a:1,http://a:1', 'ftp://a:1'])(
    'refuses REFERRAL_URL=%s',
    (urls) => {
      expect(() => loadConfig(GatewayConfig, { REFERRAL_URL: urls })).toThrow(/REFERRAL_URL must be an http\(s\) URL, or several/);
    },
  );
});
