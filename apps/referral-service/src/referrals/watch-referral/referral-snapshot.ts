import type { Principal } from '#auth';
import type { ReferralEntity } from '../database/referral.entity.js';
import type { ReferralReader } from '../referral.reader.js';

/**
 * One read of a referral, shared by every open stream of it in this instance, each presenting it for
 * its own principal. The whole referral with its warnings, what planners and admins see alike, costs
 * a read of its own (the follow-up tasks) and is the same for all of them, so it is presented and
 * serialised once per snapshot, not once per stream; facility staff's narrower view is cut from the
 * same read.
 */
export class ReferralSnapshot {
  private whole: Promise<string> | undefined;

  constructor(
    readonly referral: ReferralEntity,
    private readonly reader: ReferralReader,
  ) {}

  /** The JSON of ReferralReader.presentFor(principal, referral); whether the principal may see it is the caller's to check. */
  async jsonFor(principal: Principal): Promise<string> {
    if (principal.role === 'facility-staff') return JSON.stringify(await this.reader.presentFor(principal, this.referral));
    this.whole ??= this.reader.present(this.referral).then((view) => JSON.stringify(view));
    return this.whole;
  }
}
