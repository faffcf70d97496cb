import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EventEnvelope } from '../envelope/event-envelope.js';
import { FacilityAccreditationValue } from '../messages/facility-accreditation/facility-accreditation.value.js';
import { FacilityCapacityValue } from '../messages/facility-capacity-v2/facility-capacity.value.js';
import { FacilityInsuranceValue } from '../messages/facility-insurance/facility-insurance.value.js';
import { FacilityProfileValue } from '../messages/facility-profile-v2/facility-profile.value.js';
import { ReferralMatchedValue } from '../messages/referral-matched/referral-matched.value.js';
import { BedHoldValue } from '../messages/bed-hold/bed-hold.value.js';
import { ReferralTaskV1Value } from '../messages/referral-task/referral-task.value.js';
import { ReferralTaskValue } from '../messages/referral-task-v2/referral-task.value.js';
import { ReferralSubmittedV2Value } from '../messages/referral-submitted-v2/referral-submitted.value.js';
import { ReferralSubmittedValue } from '../messages/referral-submitted-v3/referral-submitted.value.js';
import { FacilityCapacityReportValue } from '../messages/facility-capacity-report/facility-capacity-report.value.js';
import { Topic, TOPIC_SPECS } from '../topics/topic.enum.js';

/** Which payload class each topic carries; the dead-letter topic carries raw bytes and has none. */
export const PAYLOAD_CLASSES = {
  [Topic.FacilityProfile]: FacilityProfileValue,
  [Topic.FacilityCapacity]: FacilityCapacityValue,
  [Topic.FacilityAccreditation]: FacilityAccreditationValue,
  [Topic.FacilityInsurance]: FacilityInsuranceValue,
  [Topic.ReferralSubmitted]: ReferralSubmittedValue,
  [Topic.ReferralSubmittedV2]: ReferralSubmittedV2Value,
  [Topic.ReferralMatched]: ReferralMatchedValue,
  [Topic.ReferralTask]: ReferralTaskValue,
  [Topic.ReferralTaskV1]: ReferralTaskV1Value,
  [Topic.BedHold]: BedHoldValue,
  [Topic.FacilityCapacityReport]: FacilityCapacityReportValue,
} as const;

export type PayloadTopic = keyof typeof PAYLOAD_CLASSES;
export type PayloadOf<T extends PayloadTopic> = InstanceType<(typeof PAYLOAD_CLASSES)[T]>;

export type DecodeResult<T extends PayloadTopic> = { ok: true; envelope: EventEnvelope<PayloadOf<T>> } | { ok: false; reason: string };

/** Flattens class-validator errors into "path: constraint" lines a person can act on. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      lines.push(`${path}: ${message}`);
    }
    lines.push(...describeValidationErrors(error.children ?? [], path));
  }
  return lines;
}

function validateAs<C extends object>(cls: ClassConstructor<C>, plain: unknown): { value: C; problems: string[] } {
  const value = plainToInstance(cls, plain);
  const problems = describeValidationErrors(
    validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }),
  );
  return { value, problems };
}

/**
 * Parses and validates one Kafka message. Never throws: a malformed message yields the reason, so the
 * consumer can park it on the dead-letter topic instead of crashing or losing it silently.
 */
export function decodeEvent<T extends PayloadTopic>(
  topic: T,
  key: Buffer | string | null | undefined,
  value: Buffer | string | null | undefined,
): DecodeResult<T> {
  if (value === null || value === undefined || value.length === 0) {
    return { ok: false, reason: 'message has no value' };
  }
  let plain: unknown;
  try {
    plain = JSON.parse(value.toString());
  } catch {
    // Not the parser's message: it quotes the bytes, which may hold patient data, into logs and headers.
    return { ok: false, reason: `value is not JSON: ${value.length} bytes that do not parse` };
  }
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, reason: 'value is not a JSON object' };
  }
  const envelope = validateAs(EventEnvelope, plain);
  if (envelope.problems.length > 0) {
    return { ok: false, reason: `invalid envelope: ${envelope.problems.join('; ')}` };
  }
  if (envelope.value.type !== topic) {
    return { ok: false, reason: `envelope type ${envelope.value.type} does not belong on ${topic}` };
  }
  const keyText = key?.toString();
  if (keyText !== envelope.value.key) {
    return { ok: false, reason: `message key ${keyText ?? '(none)'} differs from envelope key ${envelope.value.key}` };
  }
  const body = validateAs(PAYLOAD_CLASSES[topic] as ClassConstructor<PayloadOf<T>>, (plain as { payload: unknown }).payload);
  if (body.problems.length > 0) {
    return { ok: false, reason: `invalid payload: ${body.problems.join('; ')}` };
  }
  return { ok: true, envelope: { ...envelope.value, payload: body.value } };
}

/**
 * Validates a payload before it is written to the outbox, so a producer can never publish what its
 * consumers would reject, nor on a topic a newer version replaced.
 */
export function assertValidPayload<T extends PayloadTopic>(topic: T, payload: PayloadOf<T>): void {
  const replacedBy = TOPIC_SPECS.find((spec) => spec.topic === topic)?.replacedBy;
  if (replacedBy) throw new Error(`refusing to publish on ${topic}: ${replacedBy} replaced it, and it is only read during an upgrade`);
  const { problems } = validateAs(PAYLOAD_CLASSES[topic] as ClassConstructor<PayloadOf<T>>, payload);
  if (problems.length > 0) {
    throw new Error(`refusing to publish an invalid ${topic} payload: ${problems.join('; ')}`);
  }
}
