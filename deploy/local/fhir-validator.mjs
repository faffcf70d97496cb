// The FHIR R4 validator the specs use (test/support/fhir-validator.ts): a small Java program over
// HAPI FHIR, built with Maven once per version of its sources and kept in ~/.cache, never in the
// repository.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, relative, resolve } from 'node:path';
import { ensureDebianTool, fail, ROOT, step } from './system.mjs';

const PROJECT = resolve(ROOT, 'test/fhir-validator');
const CACHE = resolve(homedir(), '.cache/sud-referral/fhir-validator');

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = resolve(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.java') ? [path] : [];
  });
}

/** A short hash of pom.xml and the Java sources: a change to either builds a fresh copy. */
function versionOf() {
  const hash = createHash('sha256');
  for (const file of [resolve(PROJECT, 'pom.xml'), ...sourceFiles(resolve(PROJECT, 'src')).sort()]) {
    hash
      .update(`${relative(PROJECT, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

function classpathOf(dir) {
  return [resolve(dir, 'classes'), resolve(dir, 'lib', '*')].join(delimiter);
}

/**
 * Builds the validator unless this version is already cached; returns the classpath to run
 * `java -cp <classpath> org.sudreferral.fhirvalidator.ValidateResources` with.
 */
export function prepareFhirValidator() {
  const dir = resolve(CACHE, versionOf());
  const done = resolve(dir, 'built');
  if (existsSync(done)) return classpathOf(dir);

  // Like the other tools the specs need: installed as root on Debian, otherwise named for the user to install.
  ensureDebianTool('java', 'openjdk-17-jdk-headless', 'the FHIR validator (it needs Java 17 and Maven)');
  ensureDebianTool('mvn', 'maven', 'the FHIR validator (it needs Java 17 and Maven)');
  step('Building the FHIR R4 validator (HAPI FHIR, Maven; first run downloads it)');
  // Built beside the final directory and renamed into place, so an interrupted build is never used.
  const work = `${dir}.building-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(dirname(work), { recursive: true });
  const maven = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      resolve(PROJECT, 'pom.xml'),
      `-Dvalidator.out=${resolve(work, 'build')}`,
      'compile',
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
    ],
    // Maven's output (only a few stray escape codes when all goes well) is shown when it fails.
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (maven.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    process.stderr.write(`${maven.stdout ?? ''}${maven.stderr ?? ''}${maven.error ? `${maven.error.message}\n` : ''}`);
    fail(
      'Maven could not build the FHIR validator (test/fhir-validator, see above). ' +
        'It needs Maven Central (or a mirror in ~/.m2/settings.xml) ' +
        'the first time; fix that and run again.',
    );
  }
  renameSync(resolve(work, 'build/classes'), resolve(work, 'classes'));
  renameSync(resolve(work, 'build/dependency'), resolve(work, 'lib'));
  rmSync(resolve(work, 'build'), { recursive: true, force: true });
  writeFileSync(resolve(work, 'built'), `${new Date().toISOString()}\n`);
  try {
    renameSync(work, dir);
  } catch {
    // Another run built the same version meanwhile (or left a broken copy behind): keep one.
    rmSync(existsSync(done) ? work : dir, { recursive: true, force: true });
    if (!existsSync(done)) renameSync(work, dir);
  }
  return classpathOf(dir);
}
