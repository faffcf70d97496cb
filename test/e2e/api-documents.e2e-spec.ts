import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { API_TYPES_FILE, apiTypes } from '../../deploy/local/api-types.mjs';
import { api } from '../support/system-under-test.js';

// The API's machine-readable documents, as the running system serves them, checked by third-party tools.

const ARTIFACTS = resolve(process.cwd(), 'test/artifacts');
const run = promisify(execFile);

interface SpectralResult {
  code: string;
  message: string;
  path: (string | number)[];
  severity: number;
}

describe('API documents', () => {
  it('the OpenAPI document covers every service and passes Spectral’s OpenAPI ruleset with no error or warning', async () => {
    const document = await api<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toMatch(/^3\./);
    for (const prefix of [
      '/api/facilities',
      '/api/fhir',
      '/api/referrals',
      '/api/placements',
      '/api/inbox',
      '/api/audit',
      '/api/auth',
      '/api/accounts',
    ]) {
      expect(Object.keys(document.body.paths).some((path) => path.startsWith(prefix))).toBe(true);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = resolve(ARTIFACTS, 'openapi.json');
    writeFileSync(file, JSON.stringify(document.body, null, 2));
    // Spectral exits non-zero when it finds problems; its JSON report is what is asserted on.
    const output = await run(
      process.execPath,
      [
        resolve(process.cwd(), 'node_modules/@stoplight/spectral-cli/dist/index.js'),
        'lint',
        file,
        '--ruleset',
        '.spectral.yaml',
        '--format',
        'json',
        '--quiet',
      ],
      {
        maxBuffer: 32 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const results = JSON.parse(output.stdout || '[]') as SpectralResult[];
    const readable = results.map(
      (result) => `${['error', 'warning', 'info', 'hint'][result.severity]} ${result.code} at ${result.path.join('.')}: ${result.message}`,
    );
    expect(readable.filter((line) => line.startsWith('error') || line.startsWith('warning'))).toEqual([]);
  }, 120_000);

  it('the web app’s API types are what openapi-typescript generates from this document (else run `npm run api:types`)', async () => {
    const document = await api<object>('GET', '/api/openapi.json');
    expect(document.status).toBe(200);
    // The same generator `npm run api:types` runs (openapiTS, then astToString), on the served document.
    const generated = await apiTypes(document.body);
    const checkedIn = readFileSync(resolve(process.cwd(), API_TYPES_FILE), 'utf8');
    if (generated === checkedIn) return;
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(resolve(ARTIFACTS, 'openapi.json'), JSON.stringify(document.body, null, 2));
    writeFileSync(resolve(ARTIFACTS, 'openapi.generated.ts'), generated);
    const fresh = generated.split('\n');
    const stale = checkedIn.split('\n');
    let line = 0;
    while (fresh[line] === stale[line]) line += 1;
    throw new Error(
      `${API_TYPES_FILE} is stale: the OpenAPI document changed since it was generated ` +
        `(first difference at line ${line + 1}: the document gives ${JSON.stringify(fresh[line] ?? '<end of file>')}, ` +
        `the file has ${JSON.stringify(stale[line] ?? '<end of file>')}).\n` +
        'Run `npm run api:types` with the system running (`npm start`), ' +
        'or `npm run api:types -- test/artifacts/openapi.json` after this run, ' +
        'fix what the web app then reports (`tsc -p apps/web/tsconfig.json`) and commit the file. ' +
        'The file this run generated is test/artifacts/openapi.generated.ts.',
    );
  }, 60_000);
});
