import { parseArgs } from 'node:util';
import { Kafka, logLevel, type AclEntry } from 'kafkajs';
import { KafkaClientConfig, loadConfig } from '#config';
import { FACILITY_PRINCIPAL, SERVICE_TOPIC_ACCESS } from '#contracts';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, aclKey, ResourcePatternTypes, systemAcls } from './kafka-acls.js';
import { kafkaSecurity } from './kafka-client.factory.js';

const USAGE = `Usage: npm run kafka:acls -- [--facility NAME ...] [--revoke-facility NAME ...]

Makes the broker's ACLs for the services' principals exactly what they use (adds what is missing,
removes any other ACL of theirs), gives each --facility principal the right to publish bed-count
reports (facility.capacity-report.v1) and nothing else, and removes every ACL of each
--revoke-facility principal. Facility principals are named facility-<something>; their SCRAM
credentials come first (deploy/kafka/kafka.sh scram-user NAME, or kafka-configs.sh).
Connects as the broker's admin with KAFKA_BROKERS, KAFKA_USERNAME, KAFKA_PASSWORD,
KAFKA_SASL_MECHANISM and KAFKA_CA_FILE.`;

const { values } = parseArgs({
  options: {
    facility: { type: 'string', multiple: true, default: [] },
    'revoke-facility': { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const facilities = values.facility;
const revoked = values['revoke-facility'];
for (const name of [...facilities, ...revoked]) {
  if (!FACILITY_PRINCIPAL.test(name)) {
    console.error(`"${name}" is not a facility principal: use facility-<lower-case letters, digits, . _ ->.\n\n${USAGE}`);
    process.exit(2);
  }
}

const kafka = new Kafka({
  clientId: 'kafka-acls',
  ...kafkaSecurity(loadConfig(KafkaClientConfig).kafkaConnection),
  logLevel: logLevel.ERROR,
});
const admin = kafka.admin();
await admin.connect();
try {
  const wanted = systemAcls(facilities);
  const wantedKeys = new Set(wanted.map(aclKey));
  // Only the principals this command manages: other ACLs (an operator's, say) are left alone.
  const managed = [...Object.keys(SERVICE_TOPIC_ACCESS), ...facilities, ...revoked].map((name) => `User:${name}`);
  const existing = (
    await Promise.all(
      managed.map(async (principal) => {
        const { resources } = await admin.describeAcls({
          resourceType: AclResourceTypes.ANY,
          resourcePatternType: ResourcePatternTypes.ANY,
          principal,
          operation: AclOperationTypes.ANY,
          permissionType: AclPermissionTypes.ANY,
        });
        return resources.flatMap(({ acls, ...resource }) => acls.map((acl): AclEntry => ({ ...resource, ...acl })));
      }),
    )
  ).flat();
  const existingKeys = new Set(existing.map(aclKey));
  const missing = wanted.filter((acl) => !existingKeys.has(aclKey(acl)));
  const stale = existing.filter((acl) => !wantedKeys.has(aclKey(acl)));
  if (missing.length > 0) await admin.createAcls({ acl: missing });
  if (stale.length > 0) await admin.deleteAcls({ filters: stale });
  console.log(
    `[kafka] ACLs: ${Object.keys(SERVICE_TOPIC_ACCESS).length} service principals and ${facilities.length} facility ` +
      `principal(s), ${wanted.length} in all: ${missing.length} added, ${stale.length} removed.`,
  );
} finally {
  await admin.disconnect();
}
