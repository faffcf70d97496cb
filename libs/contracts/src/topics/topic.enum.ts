/**
 * Every Kafka topic the system uses. The suffix is the contract version: a breaking change to a
 * message gets a new topic, never an edit of an old one.
 */
export enum Topic {
  FacilityProfile = 'facility.profile.v2',
  FacilityCapacity = 'facility.capacity.v2',
  FacilityAccreditation = 'facility.accreditation.v1',
  FacilityInsurance = 'facility.insurance.v1',
  /** Version 3: the patient's age band, never the exact age. */
  ReferralSubmitted = 'referral.submitted.v3',
  /** Replaced by v3 (it carried the exact age): nothing publishes it; the matcher still reads it during an upgrade. */
  ReferralSubmittedV2 = 'referral.submitted.v2',
  ReferralMatched = 'referral.matched.v1',
  /** Version 2: the patient's age band, never the exact age. */
  ReferralTask = 'referral.task.v2',
  /** Replaced by v2 (it carried the exact age): nothing publishes it; the registry still reads it during an upgrade. */
  ReferralTaskV1 = 'referral.task.v1',
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
  /**
   * The topic that replaced this one: nothing may publish here any more, but consumers keep reading it
   * until the events still in it have been applied (an upgrade), so none is lost.
   */
  readonly replacedBy?: Topic;
}

export const TOPIC_SPECS: readonly TopicSpec[] = [
  { topic: Topic.FacilityProfile, partitions: 3, compacted: true },
  { topic: Topic.FacilityCapacity, partitions: 3, compacted: true },
  { topic: Topic.FacilityAccreditation, partitions: 3, compacted: true },
  { topic: Topic.FacilityInsurance, partitions: 3, compacted: true },
  { topic: Topic.ReferralSubmitted, partitions: 6, compacted: false },
  { topic: Topic.ReferralSubmittedV2, partitions: 6, compacted: false, replacedBy: Topic.ReferralSubmitted },
  { topic: Topic.ReferralMatched, partitions: 6, compacted: false },
  { topic: Topic.ReferralTask, partitions: 6, compacted: false },
  { topic: Topic.ReferralTaskV1, partitions: 6, compacted: false, replacedBy: Topic.ReferralTask },
  { topic: Topic.BedHold, partitions: 6, compacted: false },
  { topic: Topic.FacilityCapacityReport, partitions: 3, compacted: false },
  { topic: Topic.DeadLetter, partitions: 1, compacted: false },
];
