import { api, eventually, signInAsAdmin, signInAsPlanner } from '../support/system-under-test.js';
import { createTestFacility, uniqueName } from '../support/test-facility.js';

interface Referral {
  id: string;
  matchStatus: string;
  matches: { facilityId: string; levelOfCare: string; reasons: string[]; distanceMiles: number }[];
  nearbyExclusions: { facilityId: string; distanceMiles: number; rule: string; detail: string }[];
  suggestions: { kind: string; text: string; maxDistanceMiles?: number; matches?: number; levelOfCare?: string }[];
  excludedByRule: Record<string, number>;
  needs: Record<string, unknown>;
  warnings: { code: string; text: string }[];
}

interface Problems {
  errors: { field: string; reason: string }[];
}

const louisville = { patientZip: '40202', payer: 'medicaid', needs: { gender: 'male', ageYears: 34, substances: ['alcohol'] } };

describe('a planner reads why facilities fit or were left out', () => {
  it('explains the nearest facilities left out, each with its rule', async () => {
    const response = await api<Referral>(
      'POST',
      '/api/referrals',
      { ...louisville, levelOfCare: 'detox-residential', maxDistanceMiles: 60 },
      await signInAsPlanner(),
    );
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
    const response = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: 'detox-residential',
        payer: 'medicaid',
        patientZip: '89310',
        maxDistanceMiles: 25, // Austin, Nevada: the nearest residential detox is about 90 mi away
        needs: louisville.needs,
      },
      await signInAsPlanner(),
    );
    expect(response.status).toBe(201);
    expect(response.body.matchStatus).toBe('no-match');
    const distance = response.body.suggestions.find((suggestion) => suggestion.kind === 'distance');
    expect(distance?.maxDistanceMiles).toBeGreaterThan(25);
    expect(distance?.text).toMatch(/fits? within \d+ mi/);
    // Following the suggestion finds what it promised.
    const wider = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        levelOfCare: 'detox-residential',
        payer: 'medicaid',
        patientZip: '89310',
        maxDistanceMiles: distance!.maxDistanceMiles,
        needs: louisville.needs,
      },
      await signInAsPlanner(),
    );
    expect(wider.body.matchStatus).toBe('matched');
  });

  it('offers a more intensive level only when the planner allows it', async () => {
    const strict = await api<Referral>(
      'POST',
      '/api/referrals',
      { ...louisville, levelOfCare: 'detox-outpatient', maxDistanceMiles: 100 },
      await signInAsPlanner(),
    );
    const relaxed = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        ...louisville,
        levelOfCare: 'detox-outpatient',
        maxDistanceMiles: 100,
        acceptHigherLevels: true,
      },
      await signInAsPlanner(),
    );
    expect(strict.body.matches.every((match) => match.levelOfCare === 'detox-outpatient')).toBe(true);
    const levels = new Set(relaxed.body.matches.map((match) => match.levelOfCare));
    expect([...levels].every((level) => ['detox-outpatient', 'detox-residential', 'detox-hospital'].includes(level))).toBe(true);
    for (const match of relaxed.body.matches.filter((candidate) => candidate.levelOfCare !== 'detox-outpatient')) {
      expect(match.reasons).toContain('a more intensive level than detox-outpatient, as allowed');
    }
  });

  it('keeps a patient on methadone to places that can continue it', async () => {
    const response = await api<Referral>(
      'POST',
      '/api/referrals',
      {
        ...louisville,
        levelOfCare: 'outpatient',
        maxDistanceMiles: 40,
        needs: { ...louisville.needs, substances: ['opioids'], medication: 'methadone' },
      },
      await signInAsPlanner(),
    );
    expect(response.status).toBe(201);
    // At its opioid treatment program, or dosing stays with the patient's OTP: every reason names methadone.
    for (const match of response.body.matches) expect(match.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/methadone/)]));
    expect(response.body.excludedByRule.medication).toBeGreaterThan(0);
  });

  it('rejects an unknown medication or language with the field', async () => {
    const response = await api<{ errors: { field: string }[] }>(
      'POST',
      '/api/referrals',
      {
        ...louisville,
        levelOfCare: 'outpatient',
        needs: { ...louisville.needs, medication: 'fentanyl', startMedication: 'naloxone', language: 'klingon' },
      },
      await signInAsPlanner(),
    );
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.field)).toEqual(
      expect.arrayContaining(['needs.medication', 'needs.startMedication', 'needs.language']),
    );
  });
});

// Issue 13: what the patient needs treatment for decides where they can go.
describe('a referral names the substances, the court order and the medication to start', () => {
  // Sanderson, Texas: the nearest facility of the national directory is about 118 mi away, and no other
  // spec makes facilities here, so within 5 mi the only facilities are this spec's own.
  const SANDERSON = { street: '1 Oak St', city: 'Sanderson', state: 'TX', zip: '79848' };
  const DETOX = 'detox-residential';
  const alcoholDetox = {
    levelOfCare: DETOX,
    payer: 'medicaid',
    patientZip: SANDERSON.zip,
    maxDistanceMiles: 5,
    needs: { gender: 'male', ageYears: 52, substances: ['alcohol'] },
  };

  it('refuses a referral that names no substance, saying which field and why', async () => {
    const planner = await signInAsPlanner();
    const { substances: _none, ...withoutSubstances } = louisville.needs;
    const missing = await api<Problems>(
      'POST',
      '/api/referrals',
      { ...louisville, levelOfCare: 'outpatient', needs: withoutSubstances },
      planner,
    );
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { field: 'needs.substances', reason: expect.stringMatching(/is required: name at least one substance/) },
    ]);
    const empty = await api<Problems>(
      'POST',
      '/api/referrals',
      { ...louisville, levelOfCare: 'outpatient', needs: { ...louisville.needs, substances: [] } },
      planner,
    );
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: 'needs.substances', reason: expect.stringMatching(/at least one substance/) }]);
    const unknown = await api<Problems>(
      'POST',
      '/api/referrals',
      { ...louisville, levelOfCare: 'outpatient', needs: { ...louisville.needs, substances: ['fentanyl'] } },
      planner,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'needs.substances', reason: expect.stringMatching(/"fentanyl" is not a substance/) }]);
  });

  it(
    'still takes the old courtOrdered: true, as a court order of kind "other", ' + 'and refuses it when it contradicts courtOrder',
    async () => {
      const planner = await signInAsPlanner();
      const old = await api<Referral>(
        'POST',
        '/api/referrals',
        { ...louisville, levelOfCare: 'outpatient', needs: { ...louisville.needs, courtOrdered: true } },
        planner,
      );
      expect(old.status).toBe(201);
      expect(old.body.needs).toMatchObject({ courtOrder: 'other', courtOrdered: true, substances: ['alcohol'] });
      const read = await api<Referral>('GET', `/api/referrals/${old.body.id}`, undefined, planner);
      expect(read.body.needs).toMatchObject({ courtOrder: 'other' });

      const dui = await api<Referral>(
        'POST',
        '/api/referrals',
        { ...louisville, levelOfCare: 'outpatient', needs: { ...louisville.needs, courtOrder: 'dui' } },
        planner,
      );
      expect(dui.status).toBe(201);
      expect(dui.body.needs).toMatchObject({ courtOrder: 'dui', courtOrdered: true });

      const contradiction = await api<Problems>(
        'POST',
        '/api/referrals',
        {
          ...louisville,
          levelOfCare: 'outpatient',
          needs: { ...louisville.needs, courtOrdered: true, courtOrder: null },
        },
        planner,
      );
      expect(contradiction.status).toBe(400);
      expect(contradiction.body.errors).toEqual([
        { field: 'needs.courtOrdered', reason: expect.stringMatching(/courtOrdered is true but courtOrder is null/) },
      ]);
    },
  );

  it(
    'leaves out a facility that does not treat alcohol (rule substance) ' +
      'and a detox that does not manage alcohol withdrawal (rule withdrawal)',
    async () => {
      const admin = await signInAsAdmin();
      const beds = [{ levelOfCare: DETOX, staffed: 8, available: 4 }];
      const make = (label: string, profile: Record<string, unknown>) =>
        createTestFacility(
          { name: uniqueName(`E2E Sanderson ${label}`), ...SANDERSON, programs: [{ levelOfCare: DETOX }], ...profile },
          beds,
          admin,
        );
      const [noAlcohol, opioidWithdrawalOnly, alcoholWithdrawal, notOnFile] = await Promise.all([
        make('No Alcohol', { substancesNotTreated: ['alcohol'] }),
        make('Opioid Detox', { withdrawalManaged: ['opioids'] }),
        make('Alcohol Detox', { withdrawalManaged: ['alcohol', 'opioids'] }),
        make('Detox', { withdrawalManaged: [] }),
      ]);

      const referral = await eventually(async () => {
        const response = await api<Referral>('POST', '/api/referrals', alcoholDetox, await signInAsPlanner());
        expect(response.status).toBe(201);
        expect(response.body.matches.map((match) => match.facilityId).sort()).toEqual([alcoholWithdrawal.id, notOnFile.id].sort());
        expect(response.body.nearbyExclusions.map((exclusion) => exclusion.facilityId)).toEqual(
          expect.arrayContaining([noAlcohol.id, opioidWithdrawalOnly.id]),
        );
        return response.body;
      }, 20_000);
      const exclusion = (id: string) => referral.nearbyExclusions.find((candidate) => candidate.facilityId === id)!;
      expect(exclusion(noAlcohol.id)).toMatchObject({ rule: 'substance', detail: expect.stringMatching(/does not treat alcohol/) });
      expect(exclusion(opioidWithdrawalOnly.id)).toMatchObject({
        rule: 'withdrawal',
        detail: expect.stringMatching(/does not manage alcohol withdrawal/),
      });
      expect(referral.excludedByRule).toMatchObject({ substance: 1, withdrawal: 1 });
      // A detox that lists no withdrawal type is kept, and says what to confirm.
      const kept = referral.matches.find((match) => match.facilityId === notOnFile.id)!;
      expect(kept.reasons).toEqual(
        expect.arrayContaining([expect.stringMatching(/withdrawal types not on file: confirm it manages alcohol withdrawal/)]),
      );

      // The same facilities for an opioid withdrawal: the one that does not treat alcohol takes it.
      const opioids = await api<Referral>(
        'POST',
        '/api/referrals',
        { ...alcoholDetox, needs: { ...alcoholDetox.needs, substances: ['opioids'] } },
        await signInAsPlanner(),
      );
      expect(opioids.body.matches.map((match) => match.facilityId)).toEqual(
        expect.arrayContaining([noAlcohol.id, opioidWithdrawalOnly.id, alcoholWithdrawal.id]),
      );
    },
    60_000,
  );

  it(
    'warns the planner that MOUD is preferred to opioid withdrawal in pregnancy, ' + 'and that naltrexone waits for withdrawal to end',
    async () => {
      const planner = await signInAsPlanner();
      const pregnant = await api<Referral>(
        'POST',
        '/api/referrals',
        {
          ...louisville,
          levelOfCare: 'detox-residential',
          maxDistanceMiles: 60,
          needs: { gender: 'female', ageYears: 27, pregnant: true, substances: ['opioids'] },
        },
        planner,
      );
      expect(pregnant.status).toBe(201);
      expect(pregnant.body.warnings).toEqual(
        expect.arrayContaining([{ code: 'moud-in-pregnancy', text: expect.stringMatching(/MOUD[\s\S]*pregnancy/) }]),
      );
      const read = await api<Referral>('GET', `/api/referrals/${pregnant.body.id}`, undefined, planner);
      expect(read.body.warnings.map((warning) => warning.code)).toContain('moud-in-pregnancy');

      const naltrexone = await api<Referral>(
        'POST',
        '/api/referrals',
        {
          ...louisville,
          levelOfCare: 'detox-residential',
          maxDistanceMiles: 60,
          needs: { ...louisville.needs, substances: ['opioids'], startMedication: 'naltrexone-extended-release' },
        },
        planner,
      );
      expect(naltrexone.status).toBe(201);
      expect(naltrexone.body.needs).toMatchObject({ startMedication: 'naltrexone-extended-release' });
      expect(naltrexone.body.warnings.map((warning) => warning.code)).toContain('naltrexone-after-withdrawal');

      // Residential treatment after detox carries neither warning.
      const residential = await api<Referral>(
        'POST',
        '/api/referrals',
        {
          ...louisville,
          levelOfCare: 'residential-short-term',
          maxDistanceMiles: 60,
          needs: { gender: 'female', ageYears: 27, pregnant: true, substances: ['opioids'] },
        },
        planner,
      );
      expect(residential.body.warnings).toEqual([]);
    },
  );
});
