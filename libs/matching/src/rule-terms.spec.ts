import { AGE_BANDS, medicationAsStated } from '#vocabulary';
import type { AgeBand, AgeGroup, BedType, Gender, Medication } from '#contracts';
import type { Credential } from './facility-snapshot.js';
import {
  ageGroupsFor,
  bedTypeFits,
  compatibleForms,
  isBedCountStale,
  isCompatibleForm,
  isCredentialValid,
  isMoud,
  listWords,
  substanceWords,
} from './rule-terms.js';
import { AS_OF, hoursBefore } from './matching.test-factory.js';

describe('ageGroupsFor', () => {
  it.each<[AgeBand, AgeGroup[]]>([
    ['under-18', ['children-adolescents']],
    ['18-25', ['young-adults', 'adults']],
    ['26-64', ['adults']],
    ['65-and-over', ['seniors', 'adults']],
  ])('puts a patient aged %s in %j', (band, groups) => {
    expect(ageGroupsFor(band)).toEqual(groups);
  });

  it('puts every band in at least one group, and only under-18s outside the adults', () => {
    for (const band of AGE_BANDS) {
      expect(ageGroupsFor(band).length).toBeGreaterThan(0);
      expect(ageGroupsFor(band).includes('adults')).toBe(band !== 'under-18');
    }
  });
});

describe('isCredentialValid', () => {
  const licence = (overrides: Partial<Credential>): Credential => ({ type: 'state-licence', status: 'active', ...overrides });

  it('rejects an active credential that expired yesterday', () => {
    expect(isCredentialValid(licence({ expiresOn: '2025-06-14' }), AS_OF)).toBe(false);
  });

  it('accepts a credential that expires today, through the end of the day', () => {
    expect(isCredentialValid(licence({ expiresOn: '2025-06-15' }), AS_OF)).toBe(true);
    expect(isCredentialValid(licence({ expiresOn: '2025-06-15' }), new Date('2025-06-15T23:59:59.999Z'))).toBe(true);
  });

  it('rejects it from the first moment of the following day', () => {
    expect(isCredentialValid(licence({ expiresOn: '2025-06-15' }), new Date('2025-06-16T00:00:00.000Z'))).toBe(false);
  });

  it('accepts a credential expiring in the future', () => {
    expect(isCredentialValid(licence({ expiresOn: '2025-06-16' }), AS_OF)).toBe(true);
  });

  it('accepts an active credential with no stated expiry', () => {
    expect(isCredentialValid(licence({ expiresOn: null }), AS_OF)).toBe(true);
    expect(isCredentialValid(licence({}), AS_OF)).toBe(true);
  });

  it.each(['revoked', 'suspended', 'expired'] as const)('rejects a %s credential even with a future or no expiry', (status) => {
    expect(isCredentialValid(licence({ status, expiresOn: '2030-01-01' }), AS_OF)).toBe(false);
    expect(isCredentialValid(licence({ status, expiresOn: null }), AS_OF)).toBe(false);
  });
});

describe('bedTypeFits', () => {
  it.each<[BedType, Gender, AgeBand, boolean]>([
    ['general', 'male', '26-64', true],
    ['general', 'female', 'under-18', true],
    ['general', 'male', '65-and-over', true],
    ['male', 'male', '18-25', true],
    ['male', 'male', 'under-18', false],
    ['male', 'male', '65-and-over', true],
    ['male', 'female', '26-64', false],
    ['female', 'female', '18-25', true],
    ['female', 'female', 'under-18', false],
    ['female', 'male', '26-64', false],
    ['adolescent', 'male', 'under-18', true],
    ['adolescent', 'female', 'under-18', true],
    ['adolescent', 'female', '18-25', false],
    ['adolescent', 'male', '65-and-over', false],
  ])('%s beds for a %s patient aged %s: %s', (bedType, gender, ageBand, fits) => {
    expect(bedTypeFits(bedType, { gender, ageBand })).toBe(fits);
  });
});

describe('isBedCountStale', () => {
  it('is fresh up to and including staleAfterHours, stale a millisecond later', () => {
    expect(isBedCountStale(hoursBefore(0), AS_OF, 24)).toBe(false);
    expect(isBedCountStale(hoursBefore(24), AS_OF, 24)).toBe(false);
    expect(isBedCountStale(new Date(AS_OF.getTime() - 24 * 3_600_000 - 1).toISOString(), AS_OF, 24)).toBe(true);
  });

  it('treats a confirmation slightly in the future (clock skew) as fresh', () => {
    expect(isBedCountStale(new Date(AS_OF.getTime() + 60_000).toISOString(), AS_OF, 1)).toBe(false);
  });

  it('treats an unreadable time as stale', () => {
    expect(isBedCountStale('not a time', AS_OF, 720)).toBe(true);
  });
});

describe('isMoud', () => {
  it.each<[Medication, boolean, boolean]>([
    ['methadone', false, true],
    ['buprenorphine', false, true],
    ['buprenorphine-implant', false, true],
    ['naltrexone', true, true],
    ['naltrexone-extended-release', true, true],
    ['naltrexone', false, false],
    ['naltrexone-oral', false, false],
    ['acamprosate', true, false],
    ['disulfiram', true, false],
  ])('counts %s as MOUD when opioids named is %s: %s', (medication, opioids, moud) => {
    expect(isMoud(medication, opioids ? ['opioids', 'alcohol'] : ['alcohol'])).toBe(moud);
  });
});

describe('medication forms', () => {
  it('treats the drug alone, on either side, as compatible with any of its forms, and two forms only when equal', () => {
    expect(isCompatibleForm('buprenorphine', 'buprenorphine-implant')).toBe(true);
    expect(isCompatibleForm('buprenorphine-implant', 'buprenorphine')).toBe(true);
    expect(isCompatibleForm('buprenorphine-sublingual', 'buprenorphine-sublingual')).toBe(true);
    expect(isCompatibleForm('buprenorphine-sublingual', 'buprenorphine-extended-release')).toBe(false);
    expect(isCompatibleForm('naltrexone-oral', 'naltrexone-extended-release')).toBe(false);
    expect(isCompatibleForm('naltrexone', 'buprenorphine')).toBe(false);
    expect(isCompatibleForm('methadone', 'methadone')).toBe(true);
  });

  it('lists the compatible forms a facility may state', () => {
    expect(compatibleForms('naltrexone-oral')).toEqual(['naltrexone', 'naltrexone-oral']);
    expect(compatibleForms('buprenorphine')).toEqual([
      'buprenorphine',
      'buprenorphine-sublingual',
      'buprenorphine-extended-release',
      'buprenorphine-implant',
    ]);
    expect(compatibleForms('disulfiram')).toEqual(['disulfiram']);
  });

  it('words a medication as the data states it', () => {
    expect(medicationAsStated('buprenorphine')).toBe('buprenorphine (form not stated)');
    expect(medicationAsStated('naltrexone')).toBe('naltrexone (form not stated)');
    expect(medicationAsStated('naltrexone-extended-release')).toBe('extended-release naltrexone');
    expect(medicationAsStated('methadone')).toBe('methadone');
  });
});

describe('words', () => {
  it('join a list as a sentence does', () => {
    expect(listWords([], 'and')).toBe('');
    expect(listWords(['a'], 'and')).toBe('a');
    expect(listWords(['a', 'b'], 'or')).toBe('a or b');
    expect(listWords(['a', 'b', 'c'], 'and')).toBe('a, b and c');
    expect(substanceWords(['alcohol', 'sedatives'], 'or')).toBe('alcohol or sedative (benzodiazepine)');
  });
});
