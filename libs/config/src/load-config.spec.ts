import { IsInt, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { ConfigError, loadConfig, shownConfigValue } from './load-config.js';
import { IsBooleanFlag, IsPublicBaseUrl, SecuredServiceConfig, ServiceConfig } from './service.config.js';

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

  describe('never prints a secret', () => {
    class SecretsConfig extends SecuredServiceConfig {
      @IsString()
      @MinLength(32, { message: 'WEBHOOK_SECRET must be at least 32 characters; generate one with `openssl rand -hex 32`' })
      WEBHOOK_SECRET!: string;

      @IsString()
      @MinLength(20, { message: 'API_KEY must be at least 20 characters, not $value' })
      API_KEY: string = 'k'.repeat(20);

      @Matches(/^\{/, { message: 'OIDC_JWKS must be a JSON JWK Set' })
      OIDC_JWKS: string = '{}';

      @IsUrl({ require_tld: false, protocols: ['https'] })
      UPSTREAM_URL: string = 'https://upstream.example';
    }

    const problemsOf = (env: Record<string, string>): string => {
      try {
        loadConfig(SecretsConfig, env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return `${(error as ConfigError).message}\n${(error as ConfigError).problems.join('\n')}`;
      }
      throw new Error('expected a ConfigError');
    };

    it('shows a short secret, a bad key or a bad JWK Set as [redacted], naming the variable and the rule', () => {
      const text = problemsOf({ WEBHOOK_SECRET: 'hunter2-short', API_KEY: 'abcd-leaked-key', OIDC_JWKS: 'private-jwk-material' });
      expect(text).toContain('WEBHOOK_SECRET=[redacted]: WEBHOOK_SECRET must be at least 32 characters');
      expect(text).toContain('API_KEY=[redacted]: API_KEY must be at least 20 characters, not [redacted]');
      expect(text).toContain('OIDC_JWKS=[redacted]');
      for (const secret of ['hunter2', 'abcd-leaked-key', 'private-jwk-material']) expect(text).not.toContain(secret);
    });

    it('shows a URL without its password, and says a missing secret is unset', () => {
      const text = problemsOf({ DATABASE_URL: 'mysql://app:s3cr3t-pw@db.example:3306/referral', UPSTREAM_URL: 'ftp://u:ftp-pw@files' });
      expect(text).toContain('DATABASE_URL="mysql://app:***@db.example:3306/referral": DATABASE_URL must be a postgres:// URL');
      expect(text).toContain('UPSTREAM_URL="ftp://u:***@files"');
      expect(text).toContain('WEBHOOK_SECRET=(unset)');
      expect(text).not.toContain('s3cr3t-pw');
      expect(text).not.toContain('ftp-pw');
    });

    it.each([
      ['postgres://app:pw@db/x', '"postgres://app:***@db/x"'],
      ['postgres://app:p@ss@db/x', '"postgres://app:***@db/x"'],
      ['postgres://app:pa/ss@db:bad/x', '"postgres://app:***@db:bad/x"'],
      ['postgres://app@db:5432/x', '"postgres://app@db:5432/x"'],
      ['http://127.0.0.1:3000', '"http://127.0.0.1:3000"'],
      ['plain text', '"plain text"'],
    ])('shows %s as %s', (value, shown) => {
      expect(shownConfigValue('SOME_URL', value)).toBe(shown);
    });

    it.each(['WEBHOOK_SECRET', 'DB_PASSWORD', 'api_key', 'GITHUB_TOKEN', 'OIDC_JWKS_URL', 'TOKEN_SIGNING_KEY_FILE'])(
      'redacts any value of %s',
      (name) => {
        expect(shownConfigValue(name, 'https://x.example')).toBe('[redacted]');
      },
    );
  });

  describe('yes/no flags and public base URLs', () => {
    class FlagConfig extends ServiceConfig {
      @IsBooleanFlag()
      ALLOW_IT: boolean = false;

      @IsPublicBaseUrl()
      PUBLIC_BASE_URL: string = 'http://127.0.0.1:3000';
    }

    it.each([
      [undefined, false],
      ['true', true],
      ['false', false],
    ])('reads ALLOW_IT=%s as %s', (value, expected) => {
      expect(loadConfig(FlagConfig, value === undefined ? {} : { ALLOW_IT: value }).ALLOW_IT).toBe(expected);
    });

    it.each(['yes', '1', 'FALSE '])('refuses ALLOW_IT=%s rather than guess', (value) => {
      expect(() => loadConfig(FlagConfig, { ALLOW_IT: value })).toThrow('ALLOW_IT must be true or false');
    });

    it.each(['http://127.0.0.1:3000', 'https://referrals.example.org', 'https://example.org/referrals', 'http://localhost:8080'])(
      'takes PUBLIC_BASE_URL=%s',
      (url) => {
        expect(loadConfig(FlagConfig, { PUBLIC_BASE_URL: url }).PUBLIC_BASE_URL).toBe(url);
      },
    );

    it.each(['https://referrals.example.org/', 'javascript:alert(1)', 'ftp://x.example', '/api', 'https://x.example#top'])(
      'refuses PUBLIC_BASE_URL=%s',
      (url) => {
        expect(() => loadConfig(FlagConfig, { PUBLIC_BASE_URL: url })).toThrow(/PUBLIC_BASE_URL must be the http\(s\) URL/);
      },
    );
  });
});
