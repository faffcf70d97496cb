import kafkajs, { type AclEntry } from 'kafkajs';
import { FACILITY_SYSTEM_TOPIC_ACCESS, SERVICE_TOPIC_ACCESS, type TopicAccess } from '#contracts';

// kafkajs is CommonJS and its enums are not found as named ESM exports.
export const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
type AclOperation = (typeof AclOperationTypes)[keyof typeof AclOperationTypes];
type AclResource = (typeof AclResourceTypes)[keyof typeof AclResourceTypes];

const allow = (
  principal: string,
  resourceType: AclResource,
  resourceName: string,
  operation: AclOperation,
  prefixed = false,
): AclEntry => ({
  principal: `User:${principal}`,
  host: '*',
  resourceType,
  resourceName,
  resourcePatternType: prefixed ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
  operation,
  permissionType: AclPermissionTypes.ALLOW,
});

/**
 * The ACLs of one principal: write (and describe) what it produces, read what it consumes, create either
 * (services make sure their topics exist at start), and use consumer groups named after it.
 */
export function aclsFor(principal: string, access: TopicAccess, { consumerGroups }: { consumerGroups: boolean }): AclEntry[] {
  const topic = (name: string, operation: AclOperation) => allow(principal, AclResourceTypes.TOPIC, name, operation);
  const produced = access.produces.flatMap((name) => [topic(name, AclOperationTypes.WRITE), topic(name, AclOperationTypes.DESCRIBE)]);
  const consumed = access.consumes.flatMap((name) => [topic(name, AclOperationTypes.READ), topic(name, AclOperationTypes.DESCRIBE)]);
  const created = consumerGroups
    ? [...new Set([...access.produces, ...access.consumes])].map((name) => topic(name, AclOperationTypes.CREATE))
    : [];
  const groups = consumerGroups ? [allow(principal, AclResourceTypes.GROUP, principal, AclOperationTypes.READ, true)] : [];
  return dedupe([...produced, ...consumed, ...created, ...groups]);
}

/** Every service principal's ACLs, and those of the facility-system principals named. */
export function systemAcls(facilityPrincipals: readonly string[]): AclEntry[] {
  const services = Object.entries(SERVICE_TOPIC_ACCESS).flatMap(([principal, access]) =>
    aclsFor(principal, access, { consumerGroups: true }),
  );
  // A facility system only publishes reports: no topic creation, no consumer group.
  const facilities = facilityPrincipals.flatMap((principal) => aclsFor(principal, FACILITY_SYSTEM_TOPIC_ACCESS, { consumerGroups: false }));
  return [...services, ...facilities];
}

/** A stable text for one ACL, to compare what the broker has with what it should have. */
export function aclKey(acl: AclEntry): string {
  return [acl.principal, acl.host, acl.resourceType, acl.resourceName, acl.resourcePatternType, acl.operation, acl.permissionType].join(
    '|',
  );
}

function dedupe(acls: AclEntry[]): AclEntry[] {
  return [...new Map(acls.map((acl) => [aclKey(acl), acl])).values()];
}
