import { spawnSync } from 'node:child_process';
import type pg from 'pg';

/** Whether the PostGIS baseline can run, and if not, what to do about it. */
export type PostgisStatus = { readonly ready: true; readonly version: string } | { readonly ready: false; readonly reason: string };

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Creates the postgis extension in the bench's database. When the server cannot (PostGIS missing,
 * or only half installed), it is installed with apt-get (Debian's package for the server's major
 * version) if the server runs on this machine and the bench runs as root; otherwise the answer names
 * the command to run.
 */
export async function enablePostgis(client: pg.Client, databaseUrl: string, log: (message: string) => void): Promise<PostgisStatus> {
  const versionNumber = Number((await client.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0]!.server_version_num);
  const debianPackage = `postgresql-${Math.floor(versionNumber / 10_000)}-postgis-3`;
  const command = `apt-get install ${debianPackage}`;
  let failure = await createExtension(client);
  if (failure !== undefined) {
    if (!LOCAL_HOSTS.has(new URL(databaseUrl).hostname)) {
      return { ready: false, reason: `PostGIS could not be enabled (${failure}); on a Debian database server: sudo ${command}` };
    }
    if (process.getuid?.() !== 0) {
      return {
        ready: false,
        reason: `PostGIS could not be enabled (${failure}); run \`sudo ${command}\` (Debian), or run the bench as root to install it`,
      };
    }
    log(`PostGIS: ${failure}; ${command} (as root)`);
    const aptFailure = aptInstall(debianPackage);
    if (aptFailure !== undefined) return { ready: false, reason: `PostGIS could not be installed (${command}): ${aptFailure}` };
    failure = await createExtension(client);
    if (failure !== undefined) return { ready: false, reason: `PostGIS still cannot be enabled after ${command}: ${failure}` };
  }
  const version = (await client.query<{ version: string }>('SELECT postgis_lib_version() AS version')).rows[0]!.version;
  return { ready: true, version };
}

/** CREATE EXTENSION postgis; undefined on success, else the server's message. */
async function createExtension(client: pg.Client): Promise<string | undefined> {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** apt-get install, with the package lists refreshed once if the first try fails; undefined on success, else the error's last line. */
function aptInstall(debianPackage: string): string | undefined {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', debianPackage], { env, encoding: 'utf8' });
  let result = install();
  if (result.status !== 0) {
    spawnSync('apt-get', ['update'], { env, encoding: 'utf8' });
    result = install();
  }
  if (result.status === 0) return undefined;
  const output = `${result.error?.message ?? ''}\n${result.stderr ?? ''}`.trim().split('\n');
  return output[output.length - 1] || `exit status ${result.status}`;
}
