import { TASK_STATUSES, type TaskStatus } from '#contracts';
import {
  consentIsCurrent,
  consentRefusal,
  consentShowsName,
  consentsListedToStaff,
  disclose,
  facilityMayReceive,
  taskAccessFacts,
  validConsentFor,
  validConsentForPurpose,
  type ConsentTerms,
  type TaskAccessFacts,
} from './consent-rules.js';
import { REDISCLOSURE_NOTICE } from './redisclosure-notice.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400_000;
const FACILITY = 'facility-a';
const OTHER = 'facility-b';

function consent(overrides: Partial<ConsentTerms> = {}): ConsentTerms {
  return {
    recipientFacilityId: FACILITY,
    purpose: 'treatment-referral',
    disclosedFields: ['name', 'birthDate'],
    expiresAt: new Date(NOW.getTime() + 7 * DAY),
    revokedAt: null,
    ...overrides,
  };
}

function task(status: TaskStatus, overrides: Partial<TaskAccessFacts> = {}): TaskAccessFacts {
  return { facilityId: FACILITY, status, statusReason: null, admittedAt: null, ...overrides };
}

describe('consent rules', () => {
  describe('current consents', () => {
    it('a consent is current until it expires or is revoked', () => {
      expect(consentIsCurrent(consent(), NOW)).toBe(true);
      expect(consentIsCurrent(consent({ expiresAt: NOW }), NOW)).toBe(false);
      expect(consentIsCurrent(consent({ expiresAt: new Date(NOW.getTime() - 1) }), NOW)).toBe(false);
      expect(consentIsCurrent(consent({ revokedAt: new Date(NOW.getTime() - DAY) }), NOW)).toBe(false);
    });

    it('lists to staff only the current consents naming their facilities', () => {
      const mine = consent();
      const expired = consent({ expiresAt: new Date(NOW.getTime() - DAY) });
      const revoked = consent({ revokedAt: NOW });
      const theirs = consent({ recipientFacilityId: OTHER });
      expect(consentsListedToStaff([mine, expired, revoked, theirs], (id) => id === FACILITY, NOW)).toEqual([mine]);
    });

    it('shows the patient’s name only under a current consent that discloses it', () => {
      expect(consentShowsName(consent(), NOW)).toBe(true);
      expect(consentShowsName(consent({ disclosedFields: ['clinicalSummary'] }), NOW)).toBe(false);
      expect(consentShowsName(consent({ revokedAt: NOW }), NOW)).toBe(false);
      expect(consentShowsName(consent({ expiresAt: new Date(NOW.getTime() - 1) }), NOW)).toBe(false);
    });
  });

  describe('purpose (42 CFR 2.31(a)(4))', () => {
    it('only a consent given for the stated purpose discloses', () => {
      const forTreatment = consent();
      expect(validConsentForPurpose([forTreatment], FACILITY, 'treatment-referral', NOW)).toBe(forTreatment);
      expect(validConsentForPurpose([forTreatment], FACILITY, 'care-coordination', NOW)).toBeNull();
      // The purpose-blind lookup (the inbox's "is there a consent at all") still finds it.
      expect(validConsentFor([forTreatment], FACILITY, NOW)).toBe(forTreatment);
    });

    it('picks the latest-expiring valid consent for the purpose, never another facility’s', () => {
      const soon = consent({ expiresAt: new Date(NOW.getTime() + DAY) });
      const later = consent({ expiresAt: new Date(NOW.getTime() + 9 * DAY) });
      const otherPurpose = consent({ purpose: 'care-coordination', expiresAt: new Date(NOW.getTime() + 30 * DAY) });
      const otherFacility = consent({ recipientFacilityId: OTHER, expiresAt: new Date(NOW.getTime() + 60 * DAY) });
      expect(validConsentForPurpose([soon, later, otherPurpose, otherFacility], FACILITY, 'treatment-referral', NOW)).toBe(later);
    });

    it('says why nothing is disclosed: no consent at all, or one for another purpose', () => {
      expect(consentRefusal([], FACILITY, 'treatment-referral', NOW)).toMatch(/^no valid consent names your facility as recipient; /);
      const refusal = consentRefusal([consent()], FACILITY, 'care-coordination', NOW);
      expect(refusal).toContain('for care-coordination');
      expect(refusal).toContain('consented for treatment-referral only');
      expect(refusal).toContain('42 CFR 2.31(a)(4)');
    });
  });

  describe('who still has a reason to see the patient', () => {
    const WINDOW = 30;

    it('a facility whose referral awaits its answer or is accepted may receive details', () => {
      for (const status of ['requested', 'received', 'on-hold', 'accepted'] as const) {
        expect(facilityMayReceive([task(status)], FACILITY, NOW, WINDOW)).toEqual({ allowed: true });
      }
    });

    it('a declined, cancelled, failed or unsent referral gives no access, saying why', () => {
      const cases: [TaskStatus, string | null, RegExp][] = [
        ['rejected', 'no-capacity', /was declined \(no-capacity\)/],
        ['cancelled', null, /was cancelled;/],
        ['failed', 'no-show', /failed \(no-show\)/],
        ['failed', 'hold-expired', /failed \(hold-expired\)/],
        ['draft', null, /was never sent/],
      ];
      for (const [status, statusReason, reason] of cases) {
        const access = facilityMayReceive([task(status, { statusReason })], FACILITY, NOW, WINDOW);
        expect(access).toEqual({ allowed: false, reason: expect.stringMatching(reason) });
        expect(access.allowed ? '' : access.reason).toContain('only while its referral awaits an answer or is accepted');
      }
    });

    it('an admission opens access for the window, counted from the admission', () => {
      const recently = new Date(NOW.getTime() - 29 * DAY);
      const lastDay = new Date(NOW.getTime() - 30 * DAY);
      const long = new Date(NOW.getTime() - 31 * DAY);
      expect(facilityMayReceive([task('in-progress', { admittedAt: recently })], FACILITY, NOW, WINDOW).allowed).toBe(true);
      expect(facilityMayReceive([task('in-progress', { admittedAt: lastDay })], FACILITY, NOW, WINDOW).allowed).toBe(true);
      expect(facilityMayReceive([task('completed', { admittedAt: recently })], FACILITY, NOW, WINDOW).allowed).toBe(true);
      const late = facilityMayReceive([task('in-progress', { admittedAt: long })], FACILITY, NOW, WINDOW);
      expect(late).toEqual({ allowed: false, reason: expect.stringContaining('admitted to your facility more than 30 days ago') });
      // A discharge without a known admission time gives no access.
      expect(facilityMayReceive([task('completed')], FACILITY, NOW, WINDOW).allowed).toBe(false);
      expect(facilityMayReceive([task('in-progress', { admittedAt: long })], FACILITY, NOW, 60).allowed).toBe(true);
    });

    it('any open task of the facility is enough; another facility’s tasks never are', () => {
      expect(facilityMayReceive([task('rejected'), task('requested')], FACILITY, NOW, WINDOW).allowed).toBe(true);
      const access = facilityMayReceive([task('accepted', { facilityId: OTHER })], FACILITY, NOW, WINDOW);
      expect(access).toEqual({ allowed: false, reason: expect.stringContaining('not sent to your facility') });
    });

    it('covers every task status: open, admitted, or refused with a reason', () => {
      const admittedAt = new Date(NOW.getTime() - DAY);
      for (const status of TASK_STATUSES) {
        const access = facilityMayReceive([task(status, { admittedAt })], FACILITY, NOW, WINDOW);
        const expected = !['rejected', 'cancelled', 'failed', 'draft'].includes(status);
        expect({ status, allowed: access.allowed }).toEqual({ status, allowed: expected });
      }
    });

    it('takes the admission from the transition record, else from when an in-progress task last changed', () => {
      const updatedAt = new Date(NOW.getTime() - 2 * DAY);
      const admittedAt = new Date(NOW.getTime() - 5 * DAY);
      const records = [
        { id: 't1', facilityId: FACILITY, status: 'in-progress' as const, statusReason: null, updatedAt },
        { id: 't2', facilityId: FACILITY, status: 'completed' as const, statusReason: null, updatedAt },
        { id: 't3', facilityId: FACILITY, status: 'completed' as const, statusReason: null, updatedAt },
        { id: 't4', facilityId: FACILITY, status: 'rejected' as const, statusReason: 'no-capacity', updatedAt },
      ];
      expect(taskAccessFacts(records, new Map([['t2', admittedAt]])).map((facts) => facts.admittedAt)).toEqual([
        updatedAt,
        admittedAt,
        null,
        null,
      ]);
    });
  });

  describe('disclosure', () => {
    const patient = {
      givenName: 'Avery',
      familyName: 'Doe',
      birthDate: '1991-03-04',
      phone: '307-555-0100',
      address: null,
      medicalRecordNumber: null,
      clinicalSummary: 'Opioid withdrawal',
    };

    it('discloses exactly the consented fields (minimum necessary)', () => {
      expect(disclose(patient, ['clinicalSummary'])).toEqual({ clinicalSummary: 'Opioid withdrawal' });
      expect(disclose(patient, ['name', 'birthDate'])).toEqual({ name: { given: 'Avery', family: 'Doe' }, birthDate: '1991-03-04' });
    });

    it('carries the 42 CFR 2.32(a)(1) notice in its required words', () => {
      expect(REDISCLOSURE_NOTICE).toMatch(
        /^This record which has been disclosed to you is protected by Federal confidentiality rules \(42 CFR part 2\)\. /,
      );
      expect(REDISCLOSURE_NOTICE).toContain('unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5)');
      expect(REDISCLOSURE_NOTICE).toContain('(iii) You have received the record from a covered entity or business associate');
      expect(REDISCLOSURE_NOTICE).toMatch(/further use or redisclose the record \(see 42 CFR 2\.31\)\.$/);
      expect(REDISCLOSURE_NOTICE).not.toMatch(/\s{2}/);
    });
  });
});
