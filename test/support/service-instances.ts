import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** How many instances of each service behind the gateway `npm test` runs (`--replicas`, TEST_REPLICAS). */
export const REPLICAS = Number(process.env.TEST_REPLICAS ?? 1);

/** Instance n listens this much times (n - 1) above instance 1, API and metrics alike (deploy/local/system.mjs). */
const INSTANCE_PORT_STEP = 100;

/** The base URL of every instance of a service (one for the gateway), from instance 1's port. */
export function instanceUrls(service: string, port: number): string[] {
  return Array.from(
    { length: service === 'gateway' ? 1 : REPLICAS },
    (_, index) => `http://127.0.0.1:${port + INSTANCE_PORT_STEP * index}`,
  );
}

/** Every line the instances of a service logged: `npm test` keeps test/artifacts/logs/<service>.log and <service>-<n>.log. */
export function serviceLogText(service: string): string {
  const logs = resolve(process.cwd(), 'test/artifacts/logs');
  return Array.from({ length: service === 'gateway' ? 1 : REPLICAS }, (_, index) =>
    resolve(logs, index === 0 ? `${service}.log` : `${service}-${index + 1}.log`),
  )
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}
