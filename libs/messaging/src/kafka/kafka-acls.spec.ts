import { SERVICE_TOPIC_ACCESS, Topic } from '#contracts';
import { AclOperationTypes, AclResourceTypes, ResourcePatternTypes, systemAcls } from './kafka-acls.js';

const of = (principal: string) => systemAcls(['facility-acme-beds']).filter((acl) => acl.principal === `User:${principal}`);
const topicOperations = (principal: string, topic: string) =>
  of(principal)
    .filter((acl) => acl.resourceType === AclResourceTypes.TOPIC && acl.resourceName === topic)
    .map((acl) => acl.operation)
    .sort();

describe('Kafka ACLs', () => {
  it('let a facility system write bed-count reports and do nothing else (no reading, no groups, no topics made)', () => {
    expect(of('facility-acme-beds').map((acl) => [acl.resourceName, acl.operation])).toEqual([
      [Topic.FacilityCapacityReport, AclOperationTypes.WRITE],
      [Topic.FacilityCapacityReport, AclOperationTypes.DESCRIBE],
    ]);
  });

  it('let the matcher read referrals but never write referral tasks or bed counts', () => {
    expect(topicOperations('matcher', Topic.ReferralSubmitted)).toEqual(
      [AclOperationTypes.READ, AclOperationTypes.CREATE, AclOperationTypes.DESCRIBE].sort(),
    );
    expect(topicOperations('matcher', Topic.ReferralTask)).toEqual([]);
    expect(topicOperations('matcher', Topic.FacilityCapacity)).not.toContain(AclOperationTypes.WRITE);
  });

  it('give each service its own consumer groups only, by name prefix', () => {
    for (const service of Object.keys(SERVICE_TOPIC_ACCESS)) {
      const groups = of(service).filter((acl) => acl.resourceType === AclResourceTypes.GROUP);
      expect(groups).toEqual([
        expect.objectContaining({
          resourceName: service,
          resourcePatternType: ResourcePatternTypes.PREFIXED,
          operation: AclOperationTypes.READ,
        }),
      ]);
    }
  });

  it('cover every topic a service produces or consumes, and no other', () => {
    for (const [service, access] of Object.entries(SERVICE_TOPIC_ACCESS)) {
      const topics = new Set(
        of(service)
          .filter((acl) => acl.resourceType === AclResourceTypes.TOPIC)
          .map((acl) => acl.resourceName),
      );
      expect([...topics].sort()).toEqual([...new Set<string>([...access.produces, ...access.consumes])].sort());
    }
  });
});
