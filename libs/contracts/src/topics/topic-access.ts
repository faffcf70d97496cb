import { Topic } from './topic.enum.js';

/** What one Kafka principal may do: write these topics, read those (and its own consumer groups). */
export interface TopicAccess {
  readonly produces: readonly Topic[];
  readonly consumes: readonly Topic[];
}

/**
 * Each service's Kafka principal, named after the service, and the topics it uses. The broker's ACLs
 * grant exactly these (kafka-acls.cli), and each service creates only these at start, so a service
 * that is broken into can neither read referrals it has no business with nor forge another's events.
 * Consumer groups: those whose names start with the principal's.
 */
export const SERVICE_TOPIC_ACCESS = {
  'facility-registry': {
    produces: [
      Topic.FacilityProfile,
      Topic.FacilityCapacity,
      Topic.FacilityAccreditation,
      Topic.FacilityInsurance,
      Topic.BedHold,
      Topic.DeadLetter,
    ],
    // The replaced topic too, until the events still in it are applied (an upgrade).
    consumes: [Topic.ReferralTask, Topic.ReferralTaskV1, Topic.FacilityCapacityReport],
  },
  'referral-service': {
    produces: [Topic.ReferralSubmitted, Topic.ReferralTask, Topic.DeadLetter],
    consumes: [Topic.ReferralMatched, Topic.BedHold],
  },
  matcher: {
    produces: [Topic.ReferralMatched, Topic.DeadLetter],
    consumes: [
      Topic.FacilityProfile,
      Topic.FacilityCapacity,
      Topic.FacilityAccreditation,
      Topic.FacilityInsurance,
      Topic.ReferralSubmitted,
      Topic.ReferralSubmittedV2,
    ],
  },
} as const satisfies Record<string, TopicAccess>;

export type KafkaServicePrincipal = keyof typeof SERVICE_TOPIC_ACCESS;

/** A facility's own bed-management system may publish bed-count reports, and nothing else. */
export const FACILITY_SYSTEM_TOPIC_ACCESS: TopicAccess = { produces: [Topic.FacilityCapacityReport], consumes: [] };

/** Facility-system principals are named `facility-…`, so they can never collide with a service's. */
export const FACILITY_PRINCIPAL = /^facility-[a-z0-9][a-z0-9._-]{0,53}$/;

/** Every topic a service touches: what it makes sure exists before it starts. */
export function topicsOf(service: KafkaServicePrincipal): Topic[] {
  const access: TopicAccess = SERVICE_TOPIC_ACCESS[service];
  return [...new Set([...access.produces, ...access.consumes])];
}
