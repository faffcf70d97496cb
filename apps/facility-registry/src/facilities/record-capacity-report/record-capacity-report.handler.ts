import { Injectable } from '@nestjs/common';
import { AccessTokenVerifier, type TokenRefusal } from '#auth';
import { RejectedEventError } from '#messaging';
import { UnitOfWork } from '#persistence';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../domain/facility-errors.js';
import { CapacityUpdateService } from '../update-capacity/capacity-update.service.js';
import { UpdateCapacityCommand } from '../update-capacity/update-capacity.command.js';
import type { RecordCapacityReportCommand } from './record-capacity-report.command.js';

/** Clocks differ a little; a report further ahead than this would pin its lines against every later one. */
export const REPORT_CLOCK_SKEW_MS = 5 * 60_000;

/** How far the sending system's clock (reportedAt) and identity's (the token's expiry) may differ. */
export const TOKEN_CLOCK_TOLERANCE_MS = 60_000;

const SIGN_IN = 'sign in again with the API key (POST /api/auth/token)';

/** Plain reasons for the dead-letter topic: never the token itself. */
const REFUSALS: Record<TokenRefusal, string> = {
  invalid: `the access token is not valid (not signed by identity, another issuer, not meant for the registry, or no account); ${SIGN_IN}`,
  expired: `the access token had expired when the report was made; ${SIGN_IN}`,
  unconfirmed:
    'the access token expired before the report was processed, so the account’s access could not be confirmed; ' +
    'publish the report again with a new token',
  revoked: `access revoked; ${SIGN_IN} with a current key`,
};

/**
 * Applies bed counts a facility's own system published on facility.capacity-report.v1; its unit of
 * work joins the inbox's transaction. A report older than what the registry already holds changes
 * nothing (out-of-order delivery); one that can never apply goes to the dead-letter topic with the reason.
 *
 * Kafka itself trusts whoever reaches it, so a report proves its sender: its authorization header carries
 * the access token of a `system` account (a facility's own system, signed in with its API key; staff report
 * over the API) that lists the facility, and that account is recorded as the change's author, as over HTTP.
 */
@Injectable()
export class RecordCapacityReportHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly capacity: CapacityUpdateService,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  async execute(command: RecordCapacityReportCommand): Promise<void> {
    const { event } = command;
    const report = event.payload;
    if (event.key !== report.facilityId)
      throw new RejectedEventError(`the message key ${event.key} is not the facility id ${report.facilityId}`);
    const reportedAt = new Date(report.reportedAt);
    if (reportedAt.getTime() > Date.now() + REPORT_CLOCK_SKEW_MS) {
      throw new RejectedEventError(`reportedAt ${report.reportedAt} is in the future; check the sending system's clock`);
    }
    if (!command.accessToken) throw new RejectedEventError(`no access token in the authorization header ("Bearer <token>"); ${SIGN_IN}`);
    // Expiry is judged at reportedAt, not now: a report made while its token was valid still counts when it is
    // consumed late (the registry was down). That lets an old token speak only for reports dated in its own
    // lifetime, which lose to any later report (skipOlderLines). Access (revoked key, deactivated account)
    // is still checked now, with identity, which accepts the token only until it expires: later, unconfirmed.
    const verified = await this.tokens.verify(command.accessToken, { validAt: reportedAt, clockToleranceMs: TOKEN_CLOCK_TOLERANCE_MS });
    if (!verified.ok) throw new RejectedEventError(REFUSALS[verified.refusal]);
    const { principal } = verified;
    if (principal.role !== 'system') {
      throw new RejectedEventError(`account ${principal.sub} is ${principal.role}: only a facility's system account may report on Kafka`);
    }
    if (!principal.facilityIds.includes(report.facilityId)) {
      throw new RejectedEventError(`account ${principal.sub} may not report for facility ${report.facilityId}`);
    }
    const lines = report.beds.map((line) => ({
      levelOfCare: line.levelOfCare,
      bedType: line.bedType ?? 'general',
      staffed: line.staffed,
      available: line.available,
      opening24h: line.opening24h ?? 0,
      opening72h: line.opening72h ?? 0,
      waitlist: line.waitlist ?? false,
      typicalWaitDays: line.typicalWaitDays ?? null,
    }));
    try {
      const update = new UpdateCapacityCommand(report.facilityId, lines, reportedAt, principal.sub, true);
      await this.unitOfWork.run((tx) => this.capacity.apply(tx, update));
    } catch (error) {
      if (error instanceof FacilityNotFoundError || error instanceof InvalidFacilityUpdateError)
        throw new RejectedEventError(error.message);
      throw error;
    }
  }
}
