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
});
