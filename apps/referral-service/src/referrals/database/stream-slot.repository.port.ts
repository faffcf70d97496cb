export const STREAM_SLOT_REPOSITORY = Symbol('STREAM_SLOT_REPOSITORY');

/**
 * The live-update streams open per account across every instance of the service: a place per stream,
 * held by the instance serving it. A place its instance has not renewed for `leaseMs` is no longer live
 * (the instance crashed) and counts for nothing.
 */
export interface StreamSlotRepository {
  /**
   * Takes a place for one more stream of `account`, served by `instanceId`, unless the account already
   * has `max` live ones: the place's id, or null. Takes at once, through any instance, never exceed `max`.
   */
  claim(account: string, instanceId: string, max: number, leaseMs: number): Promise<string | null>;

  /** Gives a place back (its stream closed); a place already given back is no matter. */
  release(slotId: string): Promise<void>;

  /** Marks every place `instanceId` holds as still in use; how many it holds. */
  renew(instanceId: string): Promise<number>;

  /** Gives back every place `instanceId` holds (the instance is stopping); how many there were. */
  releaseAll(instanceId: string): Promise<number>;

  /** Deletes the places not renewed for `leaseMs`, left by instances that crashed; how many. */
  forgetExpired(leaseMs: number): Promise<number>;

  /** The account's live places. */
  countOf(account: string, leaseMs: number): Promise<number>;
}
