import type { BedCount, FacilitySnapshot } from './facility-snapshot.js';
import { matchFacilities } from './match-engine.js';
import type { Suggestion } from './match-result.js';
import { bed, facility, hoursBefore, LEVEL, northOfOrigin, request } from './matching.test-factory.js';

describe('suggestions', () => {
  const HIGHER = 'residential-long-term' as const;
  const full = (id: string, miles: number, line: Partial<BedCount> = {}, overrides: Partial<FacilitySnapshot> = {}): FacilitySnapshot =>
    facility({ facilityId: id, name: `Center ${id}`, ...northOfOrigin(miles), beds: [bed({ available: 0, ...line })], ...overrides });
  const ofKind = <K extends Suggestion['kind']>(result: { suggestions: readonly Suggestion[] }, kind: K) =>
    result.suggestions.filter((s): s is Extract<Suggestion, { kind: K }> => s.kind === kind);

  it('gives none when something matches, however much else could be suggested', () => {
    const facilities = [
      facility({ facilityId: 'match', ...northOfOrigin(40) }),
      facility({ facilityId: 'far', ...northOfOrigin(80) }),
      full('waitlisted', 2, { waitlist: true, opening24h: 2, opening72h: 3 }),
      facility({ facilityId: 'higher', levelsOfCare: [HIGHER], beds: [bed({ levelOfCare: HIGHER })] }),
    ];
    const result = matchFacilities(request({ maxDistanceMiles: 50, higherLevelsForSuggestions: [HIGHER] }), facilities);
    expect(result.matches.map((m) => m.facilityId)).toEqual(['match']);
    expect(result.suggestions).toEqual([]);
  });

  it('gives none when nothing fits anywhere', () => {
    const result = matchFacilities(request({ higherLevelsForSuggestions: [HIGHER] }), [full('a', 5), facility({ ...northOfOrigin(300) })]);
    expect(result.matches).toEqual([]);
    expect(result.suggestions).toEqual([]);
  });

  describe('distance', () => {
    it('suggests the next 5-mile radius that reaches the nearest fitting facility, counting those within it', () => {
      const facilities = [
        facility({ facilityId: 'at-37', ...northOfOrigin(37) }),
        facility({ facilityId: 'at-38', ...northOfOrigin(38.5) }),
        facility({ facilityId: 'at-42', ...northOfOrigin(42) }),
        facility({ facilityId: 'at-120', ...northOfOrigin(120) }),
        facility({ facilityId: 'unfit-at-30', ...northOfOrigin(30), payers: ['tricare'] }),
      ];
      const req = request({ maxDistanceMiles: 25 });
      const result = matchFacilities(req, facilities);
      expect(result.matches).toEqual([]);
      expect(result.suggestions).toEqual([
        { kind: 'distance', maxDistanceMiles: 40, matches: 2, text: '2 facilities fit within 40 mi (nearest 37 mi)' },
      ]);
      // Re-running with the suggested radius finds what it promised.
      expect(matchFacilities({ ...req, maxDistanceMiles: 40 }, facilities).matches.map((m) => m.facilityId)).toEqual(['at-37', 'at-38']);
    });

    it('says "facility fits" for one', () => {
      const result = matchFacilities(request({ maxDistanceMiles: 10 }), [facility({ ...northOfOrigin(63.2) })]);
      expect(result.suggestions).toEqual([
        { kind: 'distance', maxDistanceMiles: 65, matches: 1, text: '1 facility fits within 65 mi (nearest 63.2 mi)' },
      ]);
    });

    it('keeps its promise when the nearest distance rounds down onto a multiple of 5', () => {
      // 40.03 mi is reported as 40 mi, but does not fit within 40 mi.
      const facilities = [facility({ facilityId: 'just-over-40', ...northOfOrigin(40.03) })];
      const req = request({ maxDistanceMiles: 30 });
      const [suggestion] = ofKind(matchFacilities(req, facilities), 'distance');
      expect(suggestion).toMatchObject({ maxDistanceMiles: 45, matches: 1 });
      expect(matchFacilities({ ...req, maxDistanceMiles: suggestion!.maxDistanceMiles }, facilities).matches).toHaveLength(1);
    });

    it('finds what a re-run at the suggested radius finds, for many distances', () => {
      for (let miles = 12.5; miles < 100; miles += 2.5) {
        for (const offset of [-0.04, 0, 0.03, 0.049]) {
          const nearest = miles + offset;
          const facilities = [3, 0, 7.77, 4.98].map((extra, i) => facility({ facilityId: `f-${i}`, ...northOfOrigin(nearest + extra) }));
          const req = request({ maxDistanceMiles: 10 });
          const [suggestion] = ofKind(matchFacilities(req, facilities), 'distance');
          const rerun = matchFacilities({ ...req, maxDistanceMiles: suggestion!.maxDistanceMiles }, facilities).matches;
          expect({ nearest, found: rerun.length }).toEqual({ nearest, found: suggestion!.matches });
          expect(suggestion!.maxDistanceMiles % 5).toBe(0);
          expect(suggestion!.maxDistanceMiles).toBeGreaterThanOrEqual(nearest);
          expect(suggestion!.maxDistanceMiles).toBeLessThan(nearest + 5.1);
        }
      }
    });

    it('looks no further than 250 mi', () => {
      const result = matchFacilities(request({ maxDistanceMiles: 25 }), [facility({ ...northOfOrigin(260) })]);
      expect(ofKind(result, 'distance')).toEqual([]);
    });

    it('is not offered when the search already reaches 250 mi', () => {
      const result = matchFacilities(request({ maxDistanceMiles: 250 }), [full('a', 5)]);
      expect(ofKind(result, 'distance')).toEqual([]);
    });
  });

  describe('level-of-care', () => {
    it('counts the facilities with a fitting bed at each more intensive level', () => {
      const facilities = [
        full('requested-full', 3),
        facility({ facilityId: 'long-1', levelsOfCare: [HIGHER], beds: [bed({ levelOfCare: HIGHER })] }),
        facility({
          facilityId: 'long-2',
          ...northOfOrigin(8),
          levelsOfCare: [LEVEL, HIGHER],
          beds: [bed({ available: 0 }), bed({ levelOfCare: HIGHER })],
        }),
        // Not counted: wrong payer, or beyond the distance limit.
        facility({ facilityId: 'long-payer', levelsOfCare: [HIGHER], beds: [bed({ levelOfCare: HIGHER })], payers: ['tricare'] }),
        facility({ facilityId: 'long-far', ...northOfOrigin(300), levelsOfCare: [HIGHER], beds: [bed({ levelOfCare: HIGHER })] }),
        facility({
          facilityId: 'hospital',
          levelsOfCare: ['hospital-inpatient'],
          beds: [bed({ levelOfCare: 'hospital-inpatient', available: 0 })],
        }),
      ];
      const result = matchFacilities(request({ higherLevelsForSuggestions: [HIGHER, 'hospital-inpatient'] }), facilities);
      expect(result.matches).toEqual([]);
      expect(ofKind(result, 'level-of-care')).toEqual([
        { kind: 'level-of-care', levelOfCare: HIGHER, matches: 2, text: `2 facilities have a bed in ${HIGHER}, a more intensive level` },
      ]);
    });

    it('says "facility has" for one', () => {
      const facilities = [facility({ levelsOfCare: ['hospital-inpatient'], beds: [bed({ levelOfCare: 'hospital-inpatient' })] })];
      const result = matchFacilities(request({ higherLevelsForSuggestions: ['hospital-inpatient'] }), facilities);
      expect(ofKind(result, 'level-of-care').map((s) => s.text)).toEqual([
        '1 facility has a bed in hospital-inpatient, a more intensive level',
      ]);
    });

    it('does not suggest a level the request already accepted', () => {
      const facilities = [
        full('a', 1, {}, { levelsOfCare: [LEVEL, HIGHER], beds: [bed({ available: 0 }), bed({ levelOfCare: HIGHER, available: 0 })] }),
      ];
      const result = matchFacilities(request({ acceptableLevels: [LEVEL, HIGHER], higherLevelsForSuggestions: [HIGHER] }), facilities);
      expect(ofKind(result, 'level-of-care')).toEqual([]);
    });

    it('suggests nothing without higher levels in the request', () => {
      const facilities = [facility({ levelsOfCare: [HIGHER], beds: [bed({ levelOfCare: HIGHER })] })];
      expect(ofKind(matchFacilities(request(), facilities), 'level-of-care')).toEqual([]);
    });
  });

  describe('waitlist', () => {
    it('names facilities with beds opening soon, with the counts', () => {
      const result = matchFacilities(request(), [full('opening', 6, { opening24h: 1, opening72h: 3 })]);
      expect(result.suggestions).toEqual([
        {
          kind: 'waitlist',
          facilityId: 'opening',
          name: 'Center opening',
          distanceMiles: 6,
          opening24h: 1,
          opening72h: 3,
          waitlist: false,
          typicalWaitDays: null,
          text: 'Center opening: 1 bed expected within 24 h, 3 within 72 h',
        },
      ]);
    });

    it('names facilities with a waitlist, with the typical wait when known', () => {
      const result = matchFacilities(request(), [
        full('wait-known', 4, { waitlist: true, typicalWaitDays: 5 }),
        full('wait-unknown', 2, { waitlist: true, typicalWaitDays: null }),
      ]);
      expect(ofKind(result, 'waitlist').map((s) => [s.facilityId, s.waitlist, s.typicalWaitDays, s.text])).toEqual([
        ['wait-unknown', true, null, 'Center wait-unknown: waitlist'],
        ['wait-known', true, 5, 'Center wait-known: waitlist, typically 5 days'],
      ]);
    });

    it('sums openings over the fitting lines only, nearest facility first', () => {
      const lines = [
        bed({ bedType: 'general', available: 0, opening24h: 0, opening72h: 2 }),
        bed({ bedType: 'male', available: 0, opening24h: 2, opening72h: 2 }),
        // not for this patient
        bed({ bedType: 'female', available: 0, opening24h: 5, opening72h: 9, waitlist: true }),
      ];
      const result = matchFacilities(request(), [
        full('far', 30, { opening72h: 1 }),
        facility({ facilityId: 'mixed', name: 'Center mixed', ...northOfOrigin(10), beds: lines }),
      ]);
      expect(ofKind(result, 'waitlist').map((s) => [s.facilityId, s.opening24h, s.opening72h, s.waitlist])).toEqual([
        ['mixed', 2, 4, false],
        ['far', 0, 1, false],
      ]);
      expect(ofKind(result, 'waitlist')[0]!.text).toBe('Center mixed: 2 beds expected within 24 h, 4 within 72 h');
    });

    it('is given only for facilities that pass every other rule', () => {
      const soon = { opening24h: 1, opening72h: 2, waitlist: true, typicalWaitDays: 3 };
      const facilities = [
        full('ok', 1, soon),
        full('payer', 2, soon, { payers: ['tricare'] }),
        full('credential', 3, soon, { credentials: [{ type: 'state-licence', status: 'revoked' }] }),
        full('gender', 4, soon, { gendersAccepted: ['female'] }),
        full('age', 5, soon, { ageGroupsAccepted: ['seniors'] }),
        full('co-occurring', 6, soon, { populations: [] }),
        full('medication', 7, soon, { medications: [], continuesExternalMedication: false }),
        full('language', 8, soon, { languages: ['english'] }),
        full('far', 60, soon),
        full('inactive', 1, soon, { active: false }),
        full('stale', 1, { ...soon, confirmedAt: hoursBefore(30) }),
        full('nothing-soon', 1),
        facility({ facilityId: 'level', levelsOfCare: ['outpatient'], beds: [bed({ levelOfCare: 'outpatient', available: 0, ...soon })] }),
      ];
      const withNeeds = { coOccurringMentalIllness: true, medication: 'buprenorphine', language: 'spanish' } as const;
      const fits = { populations: ['co-occurring'], languages: ['english', 'spanish'], medications: ['buprenorphine'] } as const;
      const tailored = facilities.map((f) =>
        facility({
          ...f,
          populations: f.facilityId === 'co-occurring' ? [] : [...fits.populations],
          languages: f.facilityId === 'language' ? ['english'] : [...fits.languages],
          medications: f.facilityId === 'medication' ? [] : [...fits.medications],
        }),
      );
      const result = matchFacilities(request({ maxDistanceMiles: 50 }, withNeeds), tailored);
      expect(result.matches).toEqual([]);
      expect(ofKind(result, 'waitlist').map((s) => s.facilityId)).toEqual(['ok']);
    });

    it('includes openings at a more intensive level the request accepts', () => {
      const both = full(
        'both',
        3,
        {},
        {
          levelsOfCare: [LEVEL, HIGHER],
          beds: [bed({ available: 0, opening72h: 1 }), bed({ levelOfCare: HIGHER, available: 0, opening24h: 2, opening72h: 2 })],
        },
      );
      const result = matchFacilities(request({ acceptableLevels: [LEVEL, HIGHER] }), [both]);
      expect(ofKind(result, 'waitlist').map((s) => [s.opening24h, s.opening72h])).toEqual([[2, 3]]);
      // Only the requested level without the allowance.
      expect(ofKind(matchFacilities(request(), [both]), 'waitlist').map((s) => [s.opening24h, s.opening72h])).toEqual([[0, 1]]);
    });

    it('treats an empty list of acceptable levels as the requested level', () => {
      const result = matchFacilities(request({ acceptableLevels: [] }), [full('wait', 2, { waitlist: true })]);
      expect(ofKind(result, 'waitlist').map((s) => s.facilityId)).toEqual(['wait']);
    });
  });

  it('gives every kind together, distance first, then levels, then waitlists', () => {
    const facilities = [
      full('waitlisted', 5, { waitlist: true, typicalWaitDays: 2 }),
      facility({ facilityId: 'farther', ...northOfOrigin(33) }),
      facility({ facilityId: 'higher', ...northOfOrigin(4), levelsOfCare: [HIGHER], beds: [bed({ levelOfCare: HIGHER })] }),
    ];
    const result = matchFacilities(request({ maxDistanceMiles: 20, higherLevelsForSuggestions: [HIGHER] }), facilities);
    expect(result.suggestions.map((s) => s.kind)).toEqual(['distance', 'level-of-care', 'waitlist']);
    expect(ofKind(result, 'distance')[0]).toMatchObject({ maxDistanceMiles: 35, matches: 1 });
  });
});
