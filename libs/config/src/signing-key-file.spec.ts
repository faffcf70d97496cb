import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsOptional } from 'class-validator';
import { ConfigError, loadConfig } from './load-config.js';
import { IsSigningKeyFile, readSigningKeyFile } from './signing-key-file.js';

class SigningConfig {
  @IsSigningKeyFile()
  TOKEN_SIGNING_KEY_FILE!: string;

  @IsOptional()
  @IsSigningKeyFile()
  TOKEN_PREVIOUS_KEY_FILE?: string;
}

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('the token-signing key file', () => {
  let directory: string;
  let written = 0;

  /** A file of this content, readable by this user only, as an operator would keep a key. */
  function file(content: string): string {
    const path = join(directory, `key-${(written += 1)}.pem`);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  }

  /** The whole ConfigError text for this environment: what the log would keep. */
  function refusal(env: Record<string, string>): string {
    try {
      loadConfig(SigningConfig, env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return `${(error as ConfigError).message}\n${(error as ConfigError).problems.join('\n')}`;
    }
    throw new Error('expected a ConfigError');
  }

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'signing-key-file-spec-'));
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('takes an EC P-256 private key in PKCS#8 PEM (as openssl genpkey writes it), or in SEC1 PEM', () => {
    const { privateKey } = p256();
    const pkcs8 = file(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const sec1 = file(privateKey.export({ type: 'sec1', format: 'pem' }) as string);
    expect(loadConfig(SigningConfig, { TOKEN_SIGNING_KEY_FILE: pkcs8, TOKEN_PREVIOUS_KEY_FILE: sec1 })).toMatchObject({
      TOKEN_SIGNING_KEY_FILE: pkcs8,
      TOKEN_PREVIOUS_KEY_FILE: sec1,
    });
    expect(readSigningKeyFile(pkcs8).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('is required, and says how to make one', () => {
    const text = refusal({});
    expect(text).toContain('TOKEN_SIGNING_KEY_FILE=(unset): TOKEN_SIGNING_KEY_FILE is not set');
    expect(text).toContain('openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256');
  });

  it.each([
    ['names no file', () => join(directory, 'no-such-key.pem'), /names no file/],
    ['names a directory', () => (mkdirSync(join(directory, 'keys'), { recursive: true }), join(directory, 'keys')), /names a directory/],
    ['holds no key', () => file('not a key at all: hunter2 correct horse'), /holds no unencrypted private key in PEM/],
    [
      'holds only a public key',
      () => file(p256().publicKey.export({ type: 'spki', format: 'pem' }) as string),
      /holds no unencrypted private key in PEM/,
    ],
    [
      'holds an encrypted key',
      () => file(p256().privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'a passphrase' }) as string),
      /holds no unencrypted private key/,
    ],
    [
      'holds an RSA key',
      () => file(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
      /holds an rsa key, not an EC P-256 one/,
    ],
    [
      'holds a P-384 key',
      () => file(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
      /holds an EC secp384r1 key, not an EC P-256 one/,
    ],
  ])('refuses a file that %s, saying so without showing its path or content', (_case, path, reason) => {
    const keyFile = path();
    const text = refusal({ TOKEN_SIGNING_KEY_FILE: keyFile });
    expect(text).toMatch(reason);
    expect(text).toContain('TOKEN_SIGNING_KEY_FILE=[redacted]');
    expect(text).not.toContain(keyFile);
    expect(text).not.toMatch(/hunter2|BEGIN|MII/);
  });

  it('refuses the key itself in place of its path, without echoing it', () => {
    const pem = p256().privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const text = refusal({ TOKEN_SIGNING_KEY_FILE: pem });
    expect(text).toMatch(/holds a key itself rather than the path of its file/);
    const body = pem.split('\n')[1]!;
    expect(text).not.toContain(body);
    expect(text).not.toContain(body.slice(0, 16));
  });

  it('checks the previous key too when one is given', () => {
    const current = file(p256().privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const text = refusal({ TOKEN_SIGNING_KEY_FILE: current, TOKEN_PREVIOUS_KEY_FILE: join(directory, 'rotated-away.pem') });
    expect(text).toContain('TOKEN_PREVIOUS_KEY_FILE=[redacted]: TOKEN_PREVIOUS_KEY_FILE names no file');
    expect(text).not.toContain('TOKEN_SIGNING_KEY_FILE');
  });
});
