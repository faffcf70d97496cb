import type { Language, LevelOfCare } from '#contracts';
import { POPULATIONS, SUBSTANCES } from '#vocabulary';
import { compileFacts, hasValue, SHARED_BIT, summarizeFacts, VOCABULARY, Vocabulary } from './facility-facts.js';
import type { FacilitySnapshot } from './facility-snapshot.js';
import { distanceMiles, distanceMilesWithCosines, latitudeCosine } from './geo-distance.js';
import { evaluateFacility, matchFacilities } from './match-engine.js';
import { AS_OF, bareFacility, bed, LEVEL, LOUISVILLE, request } from './matching.test-factory.js';

describe('Vocabulary', () => {
  it("gives the contract's values bits of their own, whatever was seen before", () => {
    const populations = new Vocabulary(POPULATIONS);
    expect(POPULATIONS.map((population) => populations.bitOf(population)).every((bit) => bit !== SHARED_BIT)).toBe(true);
    for (const kind of Object.values(VOCABULARY)) expect(kind.bitOf('co-occurring-serious-mental-illness')).toBeDefined();
    expect(VOCABULARY.populations.bitOf('dui-dwi-only')).not.toBe(SHARED_BIT);
    expect(VOCABULARY.substances.maskOf([...SUBSTANCES])).toBe(0b111111);
  });

  it('gives the first 31 values a bit each, and every later one the shared bit', () => {
    const vocabulary = new Vocabulary();
    const bits = Array.from({ length: 34 }, (_, i) => vocabulary.bitOf(`value-${i}`));
    expect(new Set(bits.slice(0, 31)).size).toBe(31);
    expect(bits.slice(0, 31).every((bit) => bit > 0 && (bit & (bit - 1)) === 0)).toBe(true);
    expect(bits.slice(31)).toEqual([SHARED_BIT, SHARED_BIT, SHARED_BIT]);
    expect(vocabulary.bitOf('value-3')).toBe(bits[3]);
    expect(vocabulary.maskOf(['value-0', 'value-2'])).toBe(bits[0]! | bits[2]!);
  });

  it('looks a value on the shared bit up in the list itself', () => {
    expect(hasValue(SHARED_BIT, SHARED_BIT, ['a', 'b'], 'c')).toBe(false);
    expect(hasValue(0, SHARED_BIT, ['a', 'c'], 'c')).toBe(true);
    expect(hasValue(0b110, 0b100, [], 'x')).toBe(true);
    expect(hasValue(0b110, 0b001, ['x'], 'x')).toBe(false);
  });
});

describe('compileFacts', () => {
  it('keeps, of the active licences and accreditations, whether one has no expiry and the last expiry date', () => {
    const facts = compileFacts(
      bareFacility({
        credentials: [
          { type: 'state-licence', status: 'active', expiresOn: '2025-07-01' },
          { type: 'hospital-licence', status: 'active', expiresOn: '2026-01-31' },
          { type: 'dea', status: 'active', expiresOn: '2030-01-31' },
          { type: 'carf', status: 'active', expiresOn: '2025-09-30' },
          { type: 'joint-commission', status: 'suspended', expiresOn: null },
        ],
      }),
    );
    expect(facts.rules).toMatchObject({
      licenceNotOnFile: false,
      licenceUndated: false,
      licenceExpiresLast: '2026-01-31',
      accreditationUndated: false,
      accreditationExpiresLast: '2025-09-30',
    });
    expect(compileFacts(bareFacility()).rules.licenceUndated).toBe(true);
  });

  it('tells a licence not on file from one on file that lapsed: DEA, OTP certification, FQHC and accreditations are not licences', () => {
    const notOnFile = compileFacts(
      bareFacility({
        credentials: [
          { type: 'dea', status: 'active', expiresOn: null },
          { type: 'samhsa-otp', status: 'active', expiresOn: null },
          { type: 'fqhc', status: 'active', expiresOn: null },
          { type: 'carf', status: 'active', expiresOn: null },
        ],
      }),
    );
    expect(notOnFile.rules).toMatchObject({
      licenceNotOnFile: true,
      licenceUndated: false,
      licenceExpiresLast: null,
      accreditationUndated: true,
    });
    const revoked = compileFacts(bareFacility({ credentials: [{ type: 'state-licence', status: 'revoked', expiresOn: null }] }));
    expect(revoked.rules).toMatchObject({ licenceNotOnFile: false, licenceUndated: false, licenceExpiresLast: null });
  });

  it(
    'compiles what the new rules read: substances, withdrawal, medication services and refusals, ' +
      'operators, support services, DUI-only',
    () => {
      const facts = compileFacts(
        bareFacility({
          medications: ['methadone', 'naltrexone-oral'],
          medicationServices: ['prescribes-buprenorphine', 'no-alcohol-medication'],
          substancesNotTreated: ['alcohol'],
          servesOnlyClientsWith: ['opioids'],
          withdrawalManaged: ['opioids', 'sedatives'],
          operators: ['tribal'],
          supportServices: ['childcare'],
          populations: ['dui-dwi-only'],
          payers: [],
        }),
      );
      const bit = VOCABULARY.substances.bitOf.bind(VOCABULARY.substances);
      expect(facts.offersMoud).toBe(true);
      expect(facts.rules).toMatchObject({
        substancesNotTreated: bit('alcohol'),
        servesOnlyClientsWith: bit('opioids'),
        servesAnySubstance: false,
        withdrawalManaged: bit('opioids') | bit('sedatives'),
        withdrawalUnlisted: false,
        medicationServices: VOCABULARY.medicationServices.maskOf(['prescribes-buprenorphine', 'no-alcohol-medication']),
        operators: VOCABULARY.operators.bitOf('tribal'),
        supportServices: VOCABULARY.supportServices.bitOf('childcare'),
        notDuiOnly: false,
        payersUnlisted: true,
        opioidMedicationNotRefused: true,
        alcoholMedicationNotRefused: false,
      });
      expect(compileFacts(bareFacility()).offersMoud).toBe(false);
      expect(compileFacts(bareFacility()).rules).toMatchObject({
        servesAnySubstance: true,
        withdrawalUnlisted: true,
        notDuiOnly: true,
        payersUnlisted: false,
        opioidMedicationNotRefused: true,
        alcoholMedicationNotRefused: true,
      });
      // No opioid treatment (NOOP) refuses MOUD as NMOA does.
      expect(compileFacts(bareFacility({ substancesNotTreated: ['opioids'] })).rules.opioidMedicationNotRefused).toBe(false);
      expect(compileFacts(bareFacility({ medicationServices: ['no-opioid-medication'] })).rules.opioidMedicationNotRefused).toBe(false);
      // Withdrawal-only buprenorphine (DB) is not a medication the facility offers.
      expect(compileFacts(bareFacility({ medicationServices: ['buprenorphine-for-withdrawal'] })).offersMoud).toBe(false);
    },
  );

  it("reads each bed line's confirmedAt once, an unreadable one as NaN", () => {
    const facts = compileFacts(bareFacility({ beds: [bed(), bed({ confirmedAt: 'yesterday' })] }));
    expect(facts.beds).toHaveLength(10);
    expect(facts.beds[4]).toBe(AS_OF.getTime());
    expect(facts.beds[9]).toBeNaN();
  });

  it("gives the same facts when it borrows from an earlier snapshot's as when compiled afresh", () => {
    const earlier = bareFacility({
      languages: ['english', 'spanish'],
      beds: [bed(), bed({ bedType: 'male', confirmedAt: '2025-06-15T10:00:00.000Z' })],
      credentials: [{ type: 'carf', status: 'active', expiresOn: '2025-12-31' }],
    });
    const previous = compileFacts(earlier);
    const changes: Partial<FacilitySnapshot>[] = [
      {},
      { beds: [bed({ available: 0 }), bed({ bedType: 'male', confirmedAt: '2025-06-15T11:00:00.000Z' })] },
      { beds: [bed({ bedType: 'female', confirmedAt: 'not a time' })] },
      { languages: ['english'], payers: ['medicaid', 'self-pay'], levelsOfCare: [LEVEL, 'outpatient'] },
      { languages: [...earlier.languages] },
      { credentials: [{ type: 'carf', status: 'suspended', expiresOn: null }] },
      { latitude: 40.1, active: false, gendersAccepted: ['female'], ageGroupsAccepted: ['adults'], continuesExternalMedication: true },
      { substancesNotTreated: ['alcohol'], servesOnlyClientsWith: ['opioids'], withdrawalManaged: ['opioids'], operators: ['tribal'] },
      {
        medicationServices: ['no-opioid-medication'],
        supportServices: ['childcare'],
        populations: ['dui-dwi-only'],
        medications: ['methadone'],
      },
    ];
    for (const change of changes) {
      const later = { ...earlier, ...change };
      expect(compileFacts(later, previous)).toEqual(compileFacts(later));
    }
    // A capacity update (a new bed board, nothing else) reuses what the rules read.
    expect(compileFacts({ ...earlier, beds: [bed({ available: 1 })] }, previous).rules).toBe(previous.rules);
    expect(compileFacts({ ...earlier, payers: ['tricare'] }, previous).rules).not.toBe(previous.rules);
  });

  it('marks the levels with a bed line that is not full, whatever its type and age', () => {
    const level = (value: LevelOfCare): number => VOCABULARY.levels.bitOf(value);
    const facts = compileFacts(
      bareFacility({
        levelsOfCare: [LEVEL, 'outpatient', 'detox-residential', 'residential-long-term', 'intensive-outpatient'],
        beds: [
          bed({ available: 0 }),
          bed({ levelOfCare: 'outpatient', bedType: 'adolescent', available: 2, confirmedAt: '2020-01-01T00:00:00.000Z' }),
          bed({ levelOfCare: 'detox-residential', available: Number.NaN }),
          bed({ levelOfCare: 'residential-long-term', available: -1 }),
        ],
      }),
    );
    expect(facts.freeLevels).toBe(level('outpatient') | level('detox-residential'));
    expect(compileFacts(bareFacility({ beds: [] })).freeLevels).toBe(0);
    // Borrowing from an earlier snapshot does not carry the earlier counts over.
    expect(compileFacts(bareFacility({ beds: [bed({ available: 0 })] }), compileFacts(bareFacility())).freeLevels).toBe(0);
  });

  it('keeps the cosine the distance needs, to the same figure as distanceMiles', () => {
    const origin = LOUISVILLE;
    const there = { latitude: 39.1031, longitude: -84.512 };
    const facts = compileFacts(bareFacility(there));
    expect(
      distanceMilesWithCosines(
        origin.latitude,
        origin.longitude,
        latitudeCosine(origin.latitude),
        facts.latitude,
        facts.longitude,
        facts.cosLatitude,
      ),
    ).toBe(distanceMiles(origin, there));
  });
});

describe('summarizeFacts', () => {
  it('joins what the active facilities offer, and leaves the inactive ones out', () => {
    const open = compileFacts(
      bareFacility({
        facilityId: 'open',
        payers: ['medicaid'],
        populations: ['co-occurring', 'dui-dwi-only'],
        languages: ['english', 'spanish'],
        gendersAccepted: ['female'],
        ageGroupsAccepted: ['adults'],
        credentials: [{ type: 'carf', status: 'active', expiresOn: '2025-09-30' }],
        substancesNotTreated: ['alcohol', 'opioids'],
        withdrawalManaged: ['alcohol'],
        supportServices: ['childcare'],
      }),
    );
    const other = compileFacts(
      bareFacility({
        facilityId: 'other',
        payers: ['self-pay'],
        operators: ['tribal'],
        medications: ['buprenorphine'],
        medicationServices: ['no-opioid-medication', 'prescribes-naltrexone'],
        gendersAccepted: ['male'],
        ageGroupsAccepted: ['seniors'],
        credentials: [{ type: 'state-licence', status: 'active', expiresOn: '2026-01-31' }],
        substancesNotTreated: ['alcohol'],
        servesOnlyClientsWith: ['opioids'],
        beds: [bed({ available: 0 })],
      }),
    );
    const closed = compileFacts(
      bareFacility({
        facilityId: 'closed',
        active: false,
        payers: [],
        continuesExternalMedication: true,
        credentials: [{ type: 'state-licence', status: 'active', expiresOn: null }],
        beds: [bed({ levelOfCare: 'outpatient' })],
      }),
    );
    const summary = summarizeFacts([open, other, closed]);
    expect(summary).toMatchObject({ active: 2, freeLevels: open.freeLevels, levels: open.levels | other.levels });
    expect({ ...summary.rules }).toEqual({
      levels: open.levels | other.levels,
      payers: open.rules.payers | other.rules.payers,
      payersUnlisted: false,
      operators: other.rules.operators,
      licenceNotOnFile: true,
      licenceUndated: false,
      licenceExpiresLast: '2026-01-31',
      vouchedLicenceUndated: false,
      vouchedLicenceExpiresLast: '2026-01-31',
      accreditationUndated: false,
      accreditationExpiresLast: '2025-09-30',
      genders: open.rules.genders | other.rules.genders,
      anyGender: false,
      ageGroups: open.rules.ageGroups | other.rules.ageGroups,
      anyAge: false,
      populations: open.rules.populations,
      notDuiOnly: true,
      // What neither treats: alcohol.
      substancesNotTreated: VOCABULARY.substances.bitOf('alcohol'),
      servesOnlyClientsWith: other.rules.servesOnlyClientsWith,
      servesAnySubstance: true,
      withdrawalManaged: open.rules.withdrawalManaged,
      withdrawalUnlisted: true,
      medications: other.rules.medications,
      medicationServices: other.rules.medicationServices,
      continuesExternalMedication: false,
      // One does not treat opioids (NOOP), the other uses no MOUD (NMOA).
      opioidMedicationNotRefused: false,
      alcoholMedicationNotRefused: true,
      supportServices: open.rules.supportServices,
      languages: open.rules.languages,
    });
  });

  it('counts a facility that lists no genders or age groups as accepting all of them', () => {
    const summary = summarizeFacts([compileFacts(bareFacility({ gendersAccepted: [], ageGroupsAccepted: [] }))]);
    expect(summary.rules).toMatchObject({ anyGender: true, anyAge: true });
  });

  it('summarizes no active facility as offering nothing', () => {
    const none = summarizeFacts([compileFacts(bareFacility({ active: false }))]);
    expect(none).toMatchObject({ active: 0, levels: 0, freeLevels: 0 });
    expect(none.rules).toMatchObject({ payers: 0, genders: 0, anyGender: false, licenceNotOnFile: false, substancesNotTreated: 0 });
    expect(summarizeFacts([]).active).toBe(0);
  });
});

describe('the rules over compiled facts', () => {
  it('match a value beyond the 31 the vocabulary gives bits to exactly as the list does', () => {
    // Out-of-contract values, as only hand-made data carries them: 40 languages fill the vocabulary.
    const many = Array.from({ length: 40 }, (_, i) => `language-${i}` as Language);
    const speaks = bareFacility({ facilityId: 'speaks', languages: ['english', ...many] });
    const lacks = bareFacility({ facilityId: 'lacks', languages: ['english', ...many.slice(0, 35)] });
    const result = matchFacilities(request({}, { language: many[38] }), [speaks, lacks]);
    expect(result.matches.map((m) => m.facilityId)).toEqual(['speaks']);
    expect(result.excludedByRule).toEqual({ language: 1 });
    expect(evaluateFacility(request({}, { language: many[2] }), lacks).fits).toBe(true);
  });

  it('see a facility upserted anew, not the facts of an earlier snapshot', () => {
    const before = bareFacility({ beds: [bed({ available: 0 })] });
    expect(matchFacilities(request(), [before]).matches).toEqual([]);
    expect(matchFacilities(request(), [{ ...before, beds: [bed({ available: 3 })] }]).matches).toHaveLength(1);
  });
});
