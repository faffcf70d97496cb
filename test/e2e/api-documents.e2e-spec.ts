import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
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
    for (const prefix of ['/api/facilities', '/api/fhir', '/api/referrals', '/api/placements', '/api/inbox', '/api/audit', '/api/auth', '/api/accounts']) {
      expect(Object.keys(document.body.paths).some((path) => path.startsWith(prefix))).toBe(true);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = resolve(ARTIFACTS, 'openapi.json');
    writeFileSync(file, JSON.stringify(document.body, null, 2));
    // Spectral exits non-zero when it finds problems; its JSON report is what is asserted on.
    const output = await run(process.execPath, [resolve(process.cwd(), 'node_modules/@stoplight/spectral-cli/dist/index.js'), 'lint', file, '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet'], {
      maxBuffer: 32 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const results = JSON.parse(output.stdout || '[]') as SpectralResult[];
    const readable = results.map((result) => `${['error', 'warning', 'info', 'hint'][result.severity]} ${result.code} at ${result.path.join('.')}: ${result.message}`);
    expect(readable.filter((line) => line.startsWith('error') || line.startsWith('warning'))).toEqual([]);
  }, 120_000);
});
