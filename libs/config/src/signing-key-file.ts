import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { registerDecorator } from 'class-validator';

/** How to make a key identity accepts, for the messages that refuse one. */
export const SIGNING_KEY_HOWTO =
  'it must be the path of an EC P-256 private key in PEM (PKCS#8), e.g. from ' +
  '`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out token-signing-key.pem`';

/** A key file identity cannot sign with; the message says why in words and never holds the file's content. */
export class SigningKeyFileError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SigningKeyFileError';
  }
}

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'names no file',
  EACCES: 'names a file this user may not read',
  EISDIR: 'names a directory, not a file',
};

/**
 * The EC P-256 private key (ES256) in the PEM file at `path`, as identity signs access tokens with it. Throws
 * SigningKeyFileError when the file is missing, unreadable, or holds anything else (an RSA or P-384 key, a
 * public key, an encrypted key, not PEM at all).
 */
export function readSigningKeyFile(path: string): KeyObject {
  // Someone put the key itself where its path belongs: say so without repeating it.
  if (path.includes('-----BEGIN')) throw new SigningKeyFileError('holds a key itself rather than the path of its file');
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SigningKeyFileError(READ_FAILURES[code] ?? `names a file that cannot be read (${code})`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // The parser's own message is left out: it may quote what it could not read.
    throw new SigningKeyFileError('names a file that holds no unencrypted private key in PEM');
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    const kind = key.asymmetricKeyType === 'ec' ? `EC ${key.asymmetricKeyDetails?.namedCurve ?? 'unknown-curve'}` : key.asymmetricKeyType;
    throw new SigningKeyFileError(`names a file that holds an ${kind ?? 'unknown'} key, not an EC P-256 one (ES256)`);
  }
  return key;
}

/** Why `value` is no usable key file, or null when it is one. */
function signingKeyFileProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'is not set';
  try {
    readSigningKeyFile(value);
    return null;
  } catch (error) {
    if (error instanceof SigningKeyFileError) return error.message;
    throw error;
  }
}

/**
 * A variable naming identity's token-signing key file: checked at start by reading the key, so a missing,
 * unreadable or wrong key stops the service with the reason (the value itself stays redacted, see loadConfig).
 */
export function IsSigningKeyFile(): PropertyDecorator {
  return (target, property) => {
    registerDecorator({
      name: 'isSigningKeyFile',
      target: target.constructor,
      propertyName: property as string,
      validator: {
        validate: (value: unknown) => signingKeyFileProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${signingKeyFileProblem(args?.value) ?? 'is not usable'}; ${SIGNING_KEY_HOWTO}`,
      },
    });
  };
}
