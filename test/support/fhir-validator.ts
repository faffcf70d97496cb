import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** One resource's findings from HAPI FHIR's R4 validator, as `location: message`. */
export interface FhirValidation {
  resourceType: string;
  id: string | undefined;
  /** error and fatal issues */
  errors: string[];
  /** warnings; information is left out */
  warnings: string[];
}

interface ValidatorIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  location: string;
  message: string;
}

interface ValidatorResult {
  file: string;
  resourceType: string | null;
  id: string | null;
  issues: ValidatorIssue[];
}

const run = promisify(execFile);

/** Set by `npm test` (deploy/local/test.mjs), which builds the validator first. */
function classpath(): string {
  const fromEnvironment = process.env.FHIR_VALIDATOR_CLASSPATH;
  if (fromEnvironment) return fromEnvironment;
  throw new Error(
    'FHIR_VALIDATOR_CLASSPATH is not set: run the FHIR specs through `npm test` (e.g. `npm test -- fhir`), ' +
      'which builds the FHIR validator and sets it.',
  );
}

/**
 * Validates resources against the base FHIR R4 definitions, in one JVM (starting it and loading the
 * definitions takes seconds, so pass every resource of a spec at once). Results are in input order.
 */
export async function validateFhir(resources: object[]): Promise<FhirValidation[]> {
  if (resources.length === 0) return [];
  const cp = classpath();
  const dir = await mkdtemp(join(tmpdir(), 'fhir-validate-'));
  try {
    const files = resources.map((_, index) => join(dir, `${String(index).padStart(4, '0')}.json`));
    await Promise.all(resources.map((resource, index) => writeFile(files[index], JSON.stringify(resource))));
    // Serial GC and the quick compiler only: the run is short, and this halves its CPU time.
    const { stdout } = await run(
      'java',
      ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', cp, 'org.sudreferral.fhirvalidator.ValidateResources', ...files],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    const results = JSON.parse(stdout) as ValidatorResult[];
    return files.map((file) => {
      const result = results.find((candidate) => candidate.file === file);
      if (!result) throw new Error(`the FHIR validator returned nothing for ${file}`);
      const format = (issue: ValidatorIssue) => `${issue.location}: ${issue.message}`;
      return {
        resourceType: result.resourceType ?? '(none)',
        id: result.id ?? undefined,
        errors: result.issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal').map(format),
        warnings: result.issues.filter((issue) => issue.severity === 'warning').map(format),
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
