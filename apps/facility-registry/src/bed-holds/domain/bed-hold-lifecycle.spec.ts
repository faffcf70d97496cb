import { TASK_STATUSES, type TaskStatus } from '#contracts';
import {
  decide,
  EXPIRED_REASON,
  NO_BED_ON_ACCEPT_REASON,
  phaseOf,
  TAKEN_LATE_REASON,
  UNKNOWN_FACILITY_ACCEPT_REASON,
  type BedHoldEvent,
  type CurrentHold,
  type HoldRules,
} from './bed-hold-lifecycle.js';
import type { HoldableLine } from './bed-hold-rules.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const FRESH = new Date('2026-11-24T08:00:00Z');
const OLD = new Date('2026-11-01T08:00:00Z');
const RULES: HoldRules = { holdSeconds: 600, staleAfterHours: 24 };
const LEVEL = 'detox-residential';
const FACILITY = '4b7e1c2a-0000-4000-8000-000000000001';

function line(overrides: Partial<HoldableLine> = {}): HoldableLine {
  return { levelOfCare: LEVEL, bedType: 'general', available: 1, confirmedAt: FRESH, ...overrides };
}

function current(overrides: Partial<CurrentHold> = {}): CurrentHold {
  return { status: 'held', bedType: 'general', taskVersion: 1, expiresAt: new Date(NOW.getTime() + 60_000), ...overrides };
}

function task(status: TaskStatus, sequence: number, statusReason: string | null = null): BedHoldEvent {
  return {
    kind: 'task',
    sequence,
    rules: RULES,
    task: { facilityId: FACILITY, status, statusReason, levelOfCare: LEVEL, patient: { gender: 'female', ageBand: '26-64' } },
  };
}

const EXPIRY: BedHoldEvent = { kind: 'expiry' };

describe('bed hold lifecycle', () => {
  describe('a task that awaits the facility’s answer', () => {
    it('holds a fitting free bed until the hold runs out', () => {
      expect(decide(null, [line({ bedType: 'general' }), line({ bedType: 'female' })], task('requested', 1), NOW)).toEqual({
        action: 'hold',
        bedType: 'female',
        hold: { status: 'held', bedType: 'female', reason: null, expiresAt: new Date(NOW.getTime() + 600_000) },
        ifNotMoved: { status: 'refused', bedType: null, reason: `no ${LEVEL} bed is free`, expiresAt: null },
      });
    });

    it('holds on received and on-hold too, when that is the first event heard', () => {
      for (const status of ['received', 'on-hold'] as const) expect(decide(null, [line()], task(status, 1), NOW).action).toBe('hold');
    });

    it('refuses, with the reason, when the facility is not in the registry', () => {
      expect(decide(null, null, task('requested', 1), NOW)).toEqual({
        action: 'set',
        hold: { status: 'refused', bedType: null, reason: `facility ${FACILITY} is not in the registry`, expiresAt: null },
      });
    });

    it('refuses when no bed is free, none fits the patient or the count is stale', () => {
      const refusal = (board: HoldableLine[]) => decide(null, board, task('requested', 1), NOW);
      const refused = (reason: unknown) => ({ action: 'set', hold: { status: 'refused', bedType: null, reason, expiresAt: null } });
      expect(refusal([line({ available: 0 })])).toEqual(refused(expect.stringMatching(/no detox-residential bed is free/)));
      expect(refusal([line({ bedType: 'male' })])).toEqual(refused(`no ${LEVEL} bed line fits this patient`));
      expect(refusal([line({ confirmedAt: OLD })])).toEqual(refused(expect.stringMatching(/not confirmed in the last 24 h/)));
      expect(refusal([])).toEqual(refused(`no ${LEVEL} bed line fits this patient`));
    });

    it('keeps whatever the first event decided, remembering the newer task version', () => {
      for (const status of ['held', 'refused', 'released', 'expired', 'converted'] as const) {
        expect(decide(current({ status }), [line()], task('received', 2), NOW)).toMatchObject({ action: 'nothing', remember: true });
      }
    });
  });

  describe('task versions only grow', () => {
    it('changes nothing, and writes nothing, for a duplicate or an older event', () => {
      for (const status of ['requested', 'accepted', 'cancelled', 'draft'] as const) {
        expect(decide(current({ taskVersion: 3 }), [line()], task(status, 3), NOW)).toMatchObject({ action: 'nothing', remember: false });
        expect(decide(current({ taskVersion: 3 }), [line()], task(status, 2), NOW)).toMatchObject({ action: 'nothing', remember: false });
      }
    });

    it('does not let a late "requested" hold a bed once the task ended', () => {
      const ended = current({ status: 'released', bedType: null, taskVersion: 2, expiresAt: null });
      expect(decide(ended, [line()], task('requested', 1), NOW)).toMatchObject({ action: 'nothing', remember: false });
    });
  });

  describe('acceptance', () => {
    it('converts a standing hold: the bed is the patient’s', () => {
      const converted = { status: 'converted', bedType: 'general', reason: null, expiresAt: null };
      expect(decide(current(), [line({ available: 0 })], task('accepted', 2), NOW)).toEqual({
        action: 'convert',
        bedType: 'general',
        hold: converted,
        ifNotMoved: converted,
      });
    });

    it('takes a free bed, however old its count, when no hold stands (expired, refused, or never heard of)', () => {
      const taken = {
        action: 'take',
        bedType: 'general',
        hold: { status: 'converted', bedType: 'general', reason: TAKEN_LATE_REASON, expiresAt: null },
        ifNotMoved: { status: 'converted', bedType: null, reason: NO_BED_ON_ACCEPT_REASON, expiresAt: null },
      };
      const board = [line({ confirmedAt: OLD })];
      expect(decide(current({ status: 'expired', expiresAt: null }), board, task('accepted', 2), NOW)).toEqual(taken);
      expect(decide(current({ status: 'refused', bedType: null, expiresAt: null }), board, task('in-progress', 2), NOW)).toEqual(taken);
      expect(decide(null, board, task('accepted', 2), NOW)).toEqual(taken);
    });

    it('records the acceptance without a bed when none is free', () => {
      expect(decide(null, [line({ available: 0 })], task('accepted', 2), NOW)).toEqual({
        action: 'set',
        hold: { status: 'converted', bedType: null, reason: NO_BED_ON_ACCEPT_REASON, expiresAt: null },
      });
    });

    it('records an acceptance by a facility not in the registry, keeping any bed type it had', () => {
      expect(decide(null, null, task('accepted', 2), NOW)).toEqual({
        action: 'set',
        hold: { status: 'converted', bedType: null, reason: UNKNOWN_FACILITY_ACCEPT_REASON, expiresAt: null },
      });
      expect(decide(current(), null, task('accepted', 2), NOW)).toMatchObject({
        action: 'set',
        hold: { status: 'converted', bedType: 'general' },
      });
    });

    it('does nothing to a hold already converted (admitted, completed), remembering the version', () => {
      for (const status of ['accepted', 'in-progress', 'completed'] as const) {
        expect(decide(current({ status: 'converted', expiresAt: null }), [line()], task(status, 3), NOW)).toMatchObject({
          action: 'nothing',
          remember: true,
        });
      }
    });
  });

  describe('a task that ends unplaced', () => {
    it('releases a held bed, with the task’s reason or else its status', () => {
      for (const status of ['rejected', 'cancelled', 'failed'] as const) {
        const released = { status: 'released', bedType: 'general', reason: status, expiresAt: null };
        const decision = decide(current(), [line()], task(status, 2), NOW);
        expect(decision).toEqual({ action: 'release', bedType: 'general', hold: released, ifNotMoved: released });
      }
      expect(decide(current(), [line()], task('rejected', 2, 'no-capacity'), NOW)).toMatchObject({ hold: { reason: 'no-capacity' } });
    });

    it('marks the hold released without moving a bed when the facility is no longer in the registry', () => {
      expect(decide(current(), null, task('cancelled', 2), NOW)).toEqual({
        action: 'set',
        hold: { status: 'released', bedType: 'general', reason: 'cancelled', expiresAt: null },
      });
    });

    it('remembers a task that ended before any bed was held, so a late request cannot hold one', () => {
      expect(decide(null, [line()], task('cancelled', 2), NOW)).toEqual({
        action: 'set',
        hold: { status: 'released', bedType: null, reason: 'task cancelled before a bed was held', expiresAt: null },
      });
    });

    it('does nothing to a hold that no longer holds a bed, remembering the version', () => {
      for (const status of ['refused', 'released', 'expired', 'converted'] as const) {
        const decision = decide(current({ status, expiresAt: null }), [line()], task('cancelled', 2), NOW);
        expect(decision).toMatchObject({ action: 'nothing', remember: true });
      }
    });
  });

  describe('a draft task', () => {
    it('holds nothing; an existing hold only takes the newer version', () => {
      expect(decide(null, [line()], task('draft', 1), NOW)).toMatchObject({ action: 'nothing', remember: false });
      expect(decide(current({ status: 'refused' }), [line()], task('draft', 2), NOW)).toMatchObject({ action: 'nothing', remember: true });
    });
  });

  describe('expiry', () => {
    it('gives the bed of a hold due by now back, and the hold is expired', () => {
      const expired = { status: 'expired', bedType: 'general', reason: EXPIRED_REASON, expiresAt: null };
      for (const expiresAt of [NOW, new Date(NOW.getTime() - 1)]) {
        const decision = decide(current({ expiresAt }), [line()], EXPIRY, NOW);
        expect(decision).toEqual({ action: 'release', bedType: 'general', hold: expired, ifNotMoved: expired });
      }
    });

    it('does nothing to a hold not yet due, no longer held, or gone (another sweeper or a task event won)', () => {
      const nothing = { action: 'nothing', remember: false };
      expect(decide(current({ expiresAt: new Date(NOW.getTime() + 1) }), [line()], EXPIRY, NOW)).toMatchObject(nothing);
      expect(decide(current({ expiresAt: null }), [line()], EXPIRY, NOW)).toMatchObject(nothing);
      for (const status of ['refused', 'released', 'expired', 'converted'] as const) {
        expect(decide(current({ status, expiresAt: new Date(NOW.getTime() - 1) }), [line()], EXPIRY, NOW)).toMatchObject(nothing);
      }
      expect(decide(null, [line()], EXPIRY, NOW)).toMatchObject(nothing);
    });
  });

  it('never moves a bed for a held hold that names no bed line; it only records the outcome', () => {
    const lineless = current({ bedType: null, expiresAt: NOW });
    expect(decide(lineless, [line()], EXPIRY, NOW)).toEqual({
      action: 'set',
      hold: { status: 'expired', bedType: null, reason: EXPIRED_REASON, expiresAt: null },
    });
    expect(decide(lineless, [line()], task('accepted', 2), NOW)).toMatchObject({ action: 'set', hold: { status: 'converted' } });
    expect(decide(lineless, [line()], task('cancelled', 2), NOW)).toMatchObject({ action: 'set', hold: { status: 'released' } });
  });

  it('places every task status in exactly one phase', () => {
    const phases = TASK_STATUSES.map((status) => [status, phaseOf(status)]);
    expect(Object.fromEntries(phases)).toEqual({
      draft: 'draft',
      requested: 'awaiting-answer',
      received: 'awaiting-answer',
      'on-hold': 'awaiting-answer',
      accepted: 'placed',
      'in-progress': 'placed',
      completed: 'placed',
      rejected: 'unplaced',
      cancelled: 'unplaced',
      failed: 'unplaced',
    });
  });
});
