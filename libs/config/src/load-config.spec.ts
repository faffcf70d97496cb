import { IsInt, Max, Min } from 'class-validator';
import { ConfigError, loadConfig } from './load-config.js';
import { ServiceConfig } from './service.config.js';

class ExampleConfig extends ServiceConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  EXAMPLE_PORT: number = 4000;
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is set', () => {
    const config = loadConfig(ExampleConfig, {});
    expect(config.EXAMPLE_PORT).toBe(4000);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
  });

  it('turns environment strings into typed values', () => {
    const config = loadConfig(ExampleConfig, { EXAMPLE_PORT: '13001', KAFKA_BROKERS: 'a:1,b:2', OUTBOX_POLL_MS: '250' });
    expect(config.EXAMPLE_PORT).toBe(13001);
    expect(config.OUTBOX_POLL_MS).toBe(250);
    expect(config.kafkaBrokers).toEqual(['a:1', 'b:2']);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(ExampleConfig, { EXAMPLE_PORT: '' }).EXAMPLE_PORT).toBe(4000);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(ExampleConfig, { EXAMPLE_PORT: '70000', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('EXAMPLE_PORT="70000"');
    expect(problems).toContain('DATABASE_URL must be a postgres:// URL');
    expect(problems).toContain('LOG_LEVEL="loud"');
  });
});
