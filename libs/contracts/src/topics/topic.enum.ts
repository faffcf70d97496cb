/**
 * Every Kafka topic the system uses. The suffix is the contract version: a breaking change to a
 * message gets a new topic, never an edit of an old one.
 */
export enum Topic {
  FacilityProfile = 'facility.profile.v2',
  FacilityCapacity = 'facility.capacity.v2',
  FacilityAccreditation = 'facility.accreditation.v1',
  FacilityInsurance = 'facility.insurance.v1',
  ReferralSubmitted = 'referral.submitted.v2',
  ReferralMatched = 'referral.matched.v1',
  ReferralTask = 'referral.task.v1',
  BedHold = 'facility.bed-hold.v1',
  /** Inbound: facilities' own systems publish bed counts here; the registry applies them. */
  FacilityCapacityReport = 'facility.capacity-report.v1',
  DeadLetter = 'platform.dead-letter.v1',
}

export interface TopicSpec {
  readonly topic: Topic;
  readonly partitions: number;
  /** Compacted topics keep the latest event per key, so a new consumer can rebuild state. */
  readonly compacted: boolean;
}

export const TOPIC_SPECS: readonly TopicSpec[] = [
  { topic: Topic.FacilityProfile, partitions: 3, compacted: true },
  { topic: Topic.FacilityCapacity, partitions: 3, compacted: true },
  { topic: Topic.FacilityAccreditation, partitions: 3, compacted: true },
  { topic: Topic.FacilityInsurance, partitions: 3, compacted: true },
  { topic: Topic.ReferralSubmitted, partitions: 6, compacted: false },
  { topic: Topic.ReferralMatched, partitions: 6, compacted: false },
  { topic: Topic.ReferralTask, partitions: 6, compacted: false },
  { topic: Topic.BedHold, partitions: 6, compacted: false },
  { topic: Topic.FacilityCapacityReport, partitions: 3, compacted: false },
  { topic: Topic.DeadLetter, partitions: 1, compacted: false },
];
