import {
  ASAM_3_LEVELS,
  ASAM_3_TO_4,
  ASAM_4_LEVELS,
  ASAM_4_TO_3,
  ASAM_LEVELS_BY_EDITION,
  crosswalkAsam,
  LEVEL_OF_CARE_DEFINITIONS,
  type Asam3Level,
  type Asam4Level,
} from './asam.vocabulary.js';
import { LEVELS_OF_CARE } from './care.vocabulary.js';

const asam3: readonly string[] = ASAM_3_LEVELS;
const asam4: readonly string[] = ASAM_4_LEVELS;

describe('ASAM editions', () => {
  it('lists each edition’s levels once', () => {
    expect(new Set(ASAM_3_LEVELS).size).toBe(ASAM_3_LEVELS.length);
    expect(new Set(ASAM_4_LEVELS).size).toBe(ASAM_4_LEVELS.length);
    expect(ASAM_LEVELS_BY_EDITION).toEqual({ 3: ASAM_3_LEVELS, 4: ASAM_4_LEVELS });
  });

  it('has the crosswalk tables cover exactly the levels of their edition', () => {
    expect(Object.keys(ASAM_3_TO_4).sort()).toEqual([...ASAM_3_LEVELS].sort());
    expect(Object.keys(ASAM_4_TO_3).sort()).toEqual([...ASAM_4_LEVELS].sort());
  });
});

describe('crosswalkAsam from the 3rd to the 4th edition', () => {
  it.each(ASAM_3_LEVELS.filter((level) => level !== '0.5'))('maps %s to one real 4th-edition level', (level) => {
    const result = crosswalkAsam(3, level);
    expect(result.edition).toBe(4);
    expect(result.levels).toHaveLength(1);
    expect(asam4).toContain(result.levels[0]);
    expect(result.levels).toEqual([ASAM_3_TO_4[level]]);
  });

  it('maps 0.5 (early intervention, no level of care in the 4th edition) to nothing', () => {
    expect(ASAM_3_TO_4['0.5']).toBeNull();
    expect(crosswalkAsam(3, '0.5')).toEqual({ edition: 4, levels: [] });
  });

  it('maps nothing but 0.5 to nothing', () => {
    expect(ASAM_3_LEVELS.filter((level) => ASAM_3_TO_4[level] === null)).toEqual(['0.5']);
  });

  it.each<[Asam3Level, Asam4Level]>([
    ['1', '1.5'],
    ['3.3', '3.1'],
    ['OTS', '1.7'],
    ['1-WM', '1.7'],
    ['2-WM', '2.7'],
    ['3.2-WM', '3.5'],
    ['3.7-WM', '3.7'],
    ['4-WM', '4'],
  ])('maps %s to %s', (from, to) => {
    expect(crosswalkAsam(3, from)).toEqual({ edition: 4, levels: [to] });
  });

  it.each(['9.9', '', '1.0', '2.7', 'WM', '3.7-wm'])('throws for %j, which is no 3rd-edition level', (level) => {
    expect(() => crosswalkAsam(3, level)).toThrow(`${level} is not an ASAM 3rd-edition level`);
  });
});

describe('crosswalkAsam from the 4th to the 3rd edition', () => {
  it.each(ASAM_4_LEVELS)('maps %s to real 3rd-edition levels', (level) => {
    const result = crosswalkAsam(4, level);
    expect(result.edition).toBe(3);
    expect(result.levels.length).toBeGreaterThan(0);
    for (const mapped of result.levels) expect(asam3).toContain(mapped);
    expect(result.levels).toEqual(ASAM_4_TO_3[level]);
  });

  it('maps withdrawal management back onto the 3rd edition’s separate WM levels', () => {
    expect(crosswalkAsam(4, '3.7')).toEqual({ edition: 3, levels: ['3.7', '3.7-WM'] });
    expect(crosswalkAsam(4, '4')).toEqual({ edition: 3, levels: ['4', '4-WM'] });
    expect(crosswalkAsam(4, '1.7')).toEqual({ edition: 3, levels: ['1', 'OTS', '1-WM'] });
  });

  it('hands out a copy: changing the result does not change the crosswalk', () => {
    crosswalkAsam(4, '3.5').levels.push('0.5');
    expect(crosswalkAsam(4, '3.5').levels).toEqual(['3.5', '3.2-WM']);
  });

  it.each(['9.9', '', '0.5', '3.3', '3.7-WM', 'OTS', '1'])('throws for %j, which is no 4th-edition level', (level) => {
    expect(() => crosswalkAsam(4, level)).toThrow(`${level} is not an ASAM 4th-edition level`);
  });
});

describe('both directions agree', () => {
  it.each(ASAM_3_LEVELS.filter((level) => level !== '0.5'))(
    '3rd-edition %s is among the levels its 4th-edition level maps back to',
    (level) => {
      const [forward] = crosswalkAsam(3, level).levels;
      expect(crosswalkAsam(4, forward!).levels).toContain(level);
    },
  );

  it('every 3rd-edition level but 0.5 is reached from some 4th-edition level', () => {
    const reached = new Set(ASAM_4_LEVELS.flatMap((level) => crosswalkAsam(4, level).levels));
    expect(ASAM_3_LEVELS.filter((level) => !reached.has(level))).toEqual(['0.5']);
  });
});

describe('LEVEL_OF_CARE_DEFINITIONS', () => {
  it('defines every plain level of care, and nothing else', () => {
    expect(Object.keys(LEVEL_OF_CARE_DEFINITIONS).sort()).toEqual([...LEVELS_OF_CARE].sort());
  });

  describe.each(LEVELS_OF_CARE)('%s', (levelOfCare) => {
    const definition = LEVEL_OF_CARE_DEFINITIONS[levelOfCare];

    it('has a label and at least one ASAM level in each edition', () => {
      expect(definition.label.length).toBeGreaterThan(0);
      expect(definition.asam3.length).toBeGreaterThan(0);
      expect(definition.asam4.length).toBeGreaterThan(0);
    });

    it('names only real 3rd-edition levels under asam3 and real 4th-edition levels under asam4', () => {
      for (const level of definition.asam3) expect(asam3).toContain(level);
      for (const level of definition.asam4) expect(asam4).toContain(level);
    });

    it('crosswalks each of its 3rd-edition levels into its own 4th-edition levels', () => {
      for (const level of definition.asam3) {
        const mapped = crosswalkAsam(3, level).levels;
        expect(mapped).toHaveLength(1);
        expect(definition.asam4).toContain(mapped[0]);
      }
    });

    it('names only real levels of care as the next step, never itself', () => {
      for (const next of definition.nextStep ?? []) {
        expect(LEVELS_OF_CARE).toContain(next);
        expect(next).not.toBe(levelOfCare);
      }
    });
  });

  it('marks the overnight levels residential and the others not', () => {
    const residential = LEVELS_OF_CARE.filter((level) => LEVEL_OF_CARE_DEFINITIONS[level].residential);
    expect(residential.sort()).toEqual([
      'detox-hospital',
      'detox-residential',
      'hospital-inpatient',
      'residential-long-term',
      'residential-short-term',
    ]);
  });

  it('puts withdrawal management levels only under the detox levels in the 3rd edition', () => {
    for (const level of LEVELS_OF_CARE) {
      const withdrawal = LEVEL_OF_CARE_DEFINITIONS[level].asam3.filter((asam) => asam.endsWith('-WM'));
      expect(withdrawal.length > 0).toBe(level.startsWith('detox-'));
    }
  });
});
