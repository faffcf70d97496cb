import { api, signInAsPlanner } from '../support/system-under-test.js';

interface Referral {
  id: string;
  matchStatus: string;
  matches: { facilityId: string; levelOfCare: string; reasons: string[]; distanceMiles: number }[];
  nearbyExclusions: { facilityId: string; distanceMiles: number; rule: string; detail: string }[];
  suggestions: { kind: string; text: string; maxDistanceMiles?: number; matches?: number; levelOfCare?: string }[];
  excludedByRule: Record<string, number>;
}

const louisville = { patientZip: '40202', payer: 'medicaid', needs: { gender: 'male', ageYears: 34 } };

describe('a planner reads why facilities fit or were left out', () => {
  it('explains the nearest facilities left out, each with its rule', async () => {
    const response = await api<Referral>('POST', '/api/referrals', { ...louisville, levelOfCare: 'detox-residential', maxDistanceMiles: 60 }, await signInAsPlanner());
    expect(response.status).toBe(201);
    const { nearbyExclusions } = response.body;
    expect(nearbyExclusions.length).toBeGreaterThan(0);
    expect(nearbyExclusions.length).toBeLessThanOrEqual(10);
    const distances = nearbyExclusions.map((exclusion) => exclusion.distanceMiles);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    for (const exclusion of nearbyExclusions) {
      expect(exclusion.distanceMiles).toBeLessThanOrEqual(60);
      expect(exclusion.rule).not.toBe('distance');
      expect(exclusion.detail.length).toBeGreaterThan(0);
    }
    // "No bed" and "not in network" are different rules a planner can tell apart.
    expect(Object.keys(response.body.excludedByRule)).toEqual(expect.arrayContaining(['level-of-care']));
  });

  it('says what would widen a search that found nothing', async () => {
    const response = await api<Referral>('POST', '/api/referrals', {
      levelOfCare: 'detox-residential', payer: 'medicaid', patientZip: '89310', maxDistanceMiles: 25, // Austin, Nevada: the nearest residential detox is about 90 mi away
      needs: { gender: 'male', ageYears: 34 },
    }, await signInAsPlanner());
    expect(response.status).toBe(201);
    expect(response.body.matchStatus).toBe('no-match');
    const distance = response.body.suggestions.find((suggestion) => suggestion.kind === 'distance');
    expect(distance?.maxDistanceMiles).toBeGreaterThan(25);
    expect(distance?.text).toMatch(/fits? within \d+ mi/);
    // Following the suggestion finds what it promised.
    const wider = await api<Referral>('POST', '/api/referrals', {
      levelOfCare: 'detox-residential', payer: 'medicaid', patientZip: '89310', maxDistanceMiles: distance!.maxDistanceMiles,
      needs: { gender: 'male', ageYears: 34 },
    }, await signInAsPlanner());
    expect(wider.body.matchStatus).toBe('matched');
  });

  it('offers a more intensive level only when the planner allows it', async () => {
    const strict = await api<Referral>('POST', '/api/referrals', { ...louisville, levelOfCare: 'detox-outpatient', maxDistanceMiles: 100 }, await signInAsPlanner());
    const relaxed = await api<Referral>('POST', '/api/referrals', {
      ...louisville, levelOfCare: 'detox-outpatient', maxDistanceMiles: 100, acceptHigherLevels: true,
    }, await signInAsPlanner());
    expect(strict.body.matches.every((match) => match.levelOfCare === 'detox-outpatient')).toBe(true);
    const levels = new Set(relaxed.body.matches.map((match) => match.levelOfCare));
    expect([...levels].every((level) => ['detox-outpatient', 'detox-residential', 'detox-hospital'].includes(level))).toBe(true);
    for (const match of relaxed.body.matches.filter((candidate) => candidate.levelOfCare !== 'detox-outpatient')) {
      expect(match.reasons).toContain('a more intensive level than detox-outpatient, as allowed');
    }
  });

  it('keeps a patient on methadone to places that can continue it', async () => {
    const response = await api<Referral>('POST', '/api/referrals', {
      ...louisville, levelOfCare: 'outpatient', maxDistanceMiles: 40, needs: { ...louisville.needs, medication: 'methadone' },
    }, await signInAsPlanner());
    expect(response.status).toBe(201);
    for (const match of response.body.matches) expect(match.reasons).toContain('continues methadone');
    expect(response.body.excludedByRule.medication).toBeGreaterThan(0);
  });

  it('rejects an unknown medication or language with the field', async () => {
    const response = await api<{ errors: { field: string }[] }>('POST', '/api/referrals', {
      ...louisville, levelOfCare: 'outpatient', needs: { ...louisville.needs, medication: 'fentanyl', language: 'klingon' },
    }, await signInAsPlanner());
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.field)).toEqual(expect.arrayContaining(['needs.medication', 'needs.language']));
  });
});
