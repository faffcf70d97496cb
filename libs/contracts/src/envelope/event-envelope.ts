import { IsDefined, IsInt, IsISO8601, IsNotEmpty, IsObject, IsString, IsUUID, Min } from 'class-validator';

/** Key of every message: the aggregate id, so all events of one facility or referral stay ordered. */
export class EventKey {
  @IsString()
  @IsNotEmpty()
  id!: string;
}

/**
 * The envelope around every payload. `sequence` grows by one per change of the keyed aggregate, so a
 * consumer can drop duplicates and stale (out-of-order) updates without a global clock.
 */
export class EventEnvelope<P extends object = object> {
  @IsUUID()
  eventId!: string;

  @IsString()
  @IsNotEmpty()
  type!: string;

  @IsISO8601({ strict: true })
  occurredAt!: string;

  @IsString()
  @IsNotEmpty()
  producer!: string;

  @IsString()
  @IsNotEmpty()
  key!: string;

  @IsInt()
  @Min(1)
  sequence!: number;

  @IsDefined()
  @IsObject()
  payload!: P;
}
