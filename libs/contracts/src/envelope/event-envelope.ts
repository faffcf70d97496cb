import { IsDefined, IsInt, IsISO8601, IsNotEmpty, IsObject, IsString, IsUUID, Min } from 'class-validator';

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

  /**
   * The aggregate id (facility or referral id), also the Kafka message key, so all events of one
   * facility or referral stay ordered; the codec refuses a message whose Kafka key differs from it.
   */
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
