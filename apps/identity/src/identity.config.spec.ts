import { ConfigError, loadConfig } from '#config';
import { testSigningKeyFile } from '../../../test/support/access-tokens.js';
import { IdentityConfig, IdentityDatabaseConfig } from './identity.config.js';

const SECRET = { TOKEN_SIGNING_KEY_FILE: testSigningKeyFile() };

describe('IdentityConfig', () => {
  it('keeps the accounts in the identity schema unless told otherwise', () => {
    expect(loadConfig(IdentityConfig, SECRET).DATABASE_SCHEMA).toBe('identity');
    expect(loadConfig(IdentityConfig, { ...SECRET, DATABASE_SCHEMA: 'it_identity_1' }).DATABASE_SCHEMA).toBe('it_identity_1');
  });

  it.each(['Identity', 'identity-test', '1identity', 'public; drop table accounts'])('refuses DATABASE_SCHEMA=%s', (schema) => {
    expect(() => loadConfig(IdentityConfig, { ...SECRET, DATABASE_SCHEMA: schema })).toThrow(ConfigError);
    expect(() => loadConfig(IdentityDatabaseConfig, { DATABASE_SCHEMA: schema })).toThrow(ConfigError);
  });

  it('caps access tokens at 15 minutes, saying so', () => {
    expect(loadConfig(IdentityConfig, SECRET).ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(loadConfig(IdentityConfig, { ...SECRET, ACCESS_TOKEN_TTL_SECONDS: '300' }).ACCESS_TOKEN_TTL_SECONDS).toBe(300);
    expect(() => loadConfig(IdentityConfig, { ...SECRET, ACCESS_TOKEN_TTL_SECONDS: '901' })).toThrow(/at most 15 minutes/);
    expect(() => loadConfig(IdentityConfig, { ...SECRET, ACCESS_TOKEN_TTL_SECONDS: '86400' })).toThrow(ConfigError);
  });

  it('lets the account CLI reach the database without the signing key', () => {
    expect(() => loadConfig(IdentityConfig, {})).toThrow(ConfigError);
    expect(loadConfig(IdentityDatabaseConfig, {})).toMatchObject({ DATABASE_SCHEMA: 'identity', DATABASE_POOL_SIZE: 10 });
  });

  it('will not start without a signing key it can use, naming the variable but never its value', () => {
    expect(() => loadConfig(IdentityConfig, {})).toThrow(/TOKEN_SIGNING_KEY_FILE=\(unset\): TOKEN_SIGNING_KEY_FILE is not set/);
    const missing = '/nonexistent/identity/token-signing-key.pem';
    expect(() => loadConfig(IdentityConfig, { TOKEN_SIGNING_KEY_FILE: missing })).toThrow(
      /TOKEN_SIGNING_KEY_FILE=\[redacted\]: .*names no file/,
    );
    expect(() => loadConfig(IdentityConfig, { ...SECRET, TOKEN_PREVIOUS_KEY_FILE: missing })).toThrow(/TOKEN_PREVIOUS_KEY_FILE/);
    expect(loadConfig(IdentityConfig, SECRET).TOKEN_PREVIOUS_KEY_FILE).toBeUndefined();
  });

  it('keeps admins off single sign-on unless OIDC_ALLOW_ADMINS=true', () => {
    expect(loadConfig(IdentityConfig, SECRET).OIDC_ALLOW_ADMINS).toBe(false);
    expect(loadConfig(IdentityConfig, { ...SECRET, OIDC_ALLOW_ADMINS: 'false' }).OIDC_ALLOW_ADMINS).toBe(false);
    expect(loadConfig(IdentityConfig, { ...SECRET, OIDC_ALLOW_ADMINS: 'true' }).OIDC_ALLOW_ADMINS).toBe(true);
    expect(() => loadConfig(IdentityConfig, { ...SECRET, OIDC_ALLOW_ADMINS: 'yes' })).toThrow(ConfigError);
  });
});
