import type { LevelOfCare } from './care.vocabulary.js';

/**
 * ASAM Criteria levels. The 3rd edition (2013) lists withdrawal management (WM) as separate
 * levels; the 4th edition (2023) builds withdrawal management into every level, drops 0.5 and 3.3,
 * and splits outpatient into 1.0 (long-term remission monitoring), 1.5 and 1.7.
 */
export const ASAM_EDITIONS = [3, 4] as const;
export type AsamEdition = (typeof ASAM_EDITIONS)[number];

export const ASAM_3_LEVELS = [
  '0.5',
  '1',
  '2.1',
  '2.5',
  '3.1',
  '3.3',
  '3.5',
  '3.7',
  '4',
  'OTS',
  '1-WM',
  '2-WM',
  '3.2-WM',
  '3.7-WM',
  '4-WM',
] as const;
export const ASAM_4_LEVELS = ['1.0', '1.5', '1.7', '2.1', '2.5', '2.7', '3.1', '3.5', '3.7', '4'] as const;
/** Every level of either edition, each once: the 3rd edition's in order, then the 4th's not already listed. */
export const ASAM_LEVELS: readonly AsamLevel[] = [...new Set<AsamLevel>([...ASAM_3_LEVELS, ...ASAM_4_LEVELS])];
export type Asam3Level = (typeof ASAM_3_LEVELS)[number];
export type Asam4Level = (typeof ASAM_4_LEVELS)[number];
export type AsamLevel = Asam3Level | Asam4Level;

export const ASAM_LEVELS_BY_EDITION: Readonly<Record<AsamEdition, readonly string[]>> = {
  3: ASAM_3_LEVELS,
  4: ASAM_4_LEVELS,
};

/** 3rd-edition level -> the 4th-edition level that serves the same patients. */
export const ASAM_3_TO_4: Readonly<Record<Asam3Level, Asam4Level | null>> = {
  '0.5': null, // early intervention is no longer a level of care in the 4th edition
  '1': '1.5',
  '2.1': '2.1',
  '2.5': '2.5',
  '3.1': '3.1',
  '3.3': '3.1', // 3.3 folded into 3.1/3.5 with cognitive accommodations; 3.1 is the nearer intensity
  '3.5': '3.5',
  '3.7': '3.7',
  '4': '4',
  OTS: '1.7', // opioid treatment services are medically managed outpatient care
  '1-WM': '1.7',
  '2-WM': '2.7',
  '3.2-WM': '3.5',
  '3.7-WM': '3.7',
  '4-WM': '4',
};

/** 4th-edition level -> the 3rd-edition levels it covers. */
export const ASAM_4_TO_3: Readonly<Record<Asam4Level, readonly Asam3Level[]>> = {
  '1.0': ['1'],
  '1.5': ['1'],
  '1.7': ['1', 'OTS', '1-WM'],
  '2.1': ['2.1'],
  '2.5': ['2.5'],
  '2.7': ['2.5', '2-WM'],
  '3.1': ['3.1', '3.3'],
  '3.5': ['3.5', '3.2-WM'],
  '3.7': ['3.7', '3.7-WM'],
  '4': ['4', '4-WM'],
};

export function crosswalkAsam(edition: AsamEdition, level: string): { edition: AsamEdition; levels: string[] } {
  if (edition === 3) {
    if (!Object.hasOwn(ASAM_3_TO_4, level)) throw new Error(`${level} is not an ASAM 3rd-edition level`);
    const mapped = ASAM_3_TO_4[level as Asam3Level];
    return { edition: 4, levels: mapped ? [mapped] : [] };
  }
  if (!Object.hasOwn(ASAM_4_TO_3, level)) throw new Error(`${level} is not an ASAM 4th-edition level`);
  const mapped = ASAM_4_TO_3[level as Asam4Level];
  return { edition: 3, levels: [...mapped] };
}

export interface LevelOfCareDefinition {
  /** What planners call it. */
  readonly label: string;
  readonly asam3: readonly Asam3Level[];
  readonly asam4: readonly Asam4Level[];
  /** Whether the level has beds (overnight care) rather than outpatient slots. */
  readonly residential: boolean;
  readonly typicalHoursPerWeek?: string;
  readonly typicalLengthOfStayDays?: readonly number[];
  /** The levels that usually come next, so patients are not dropped between levels. */
  readonly nextStep?: readonly LevelOfCare[];
  /** More intensive levels that also serve a patient referred to this one, when the planner allows it. */
  readonly higherLevels: readonly LevelOfCare[];
}

/** The plain levels of care and their ASAM equivalents in both editions. */
export const LEVEL_OF_CARE_DEFINITIONS: Readonly<Record<LevelOfCare, LevelOfCareDefinition>> = {
  'detox-hospital': {
    label: 'Medically supervised detox, hospital inpatient',
    asam3: ['4-WM'],
    asam4: ['4'],
    residential: true,
    nextStep: ['residential-short-term', 'residential-long-term', 'partial-hospitalization'],
    higherLevels: [],
  },
  'detox-residential': {
    label: 'Medically supervised detox, residential',
    asam3: ['3.2-WM', '3.7-WM'],
    asam4: ['3.5', '3.7'],
    residential: true,
    nextStep: ['residential-short-term', 'residential-long-term', 'partial-hospitalization'],
    higherLevels: ['detox-hospital'],
  },
  'detox-outpatient': {
    label: 'Medically supervised detox, outpatient',
    asam3: ['1-WM', '2-WM'],
    asam4: ['1.7', '2.7'],
    residential: false,
    nextStep: ['intensive-outpatient', 'outpatient', 'opioid-treatment-program'],
    higherLevels: ['detox-residential', 'detox-hospital'],
  },
  'hospital-inpatient': {
    label: 'Hospital inpatient treatment',
    asam3: ['4'],
    asam4: ['4'],
    residential: true,
    nextStep: ['residential-short-term', 'partial-hospitalization'],
    higherLevels: [],
  },
  'residential-short-term': {
    label: 'Short-term residential (about 30 days)',
    asam3: ['3.5', '3.7'],
    asam4: ['3.5', '3.7'],
    residential: true,
    typicalLengthOfStayDays: [30],
    nextStep: ['partial-hospitalization', 'intensive-outpatient'],
    higherLevels: ['hospital-inpatient'],
  },
  'residential-long-term': {
    label: 'Long-term residential (60–90 days or more)',
    asam3: ['3.1', '3.3', '3.5'],
    asam4: ['3.1', '3.5'],
    residential: true,
    typicalLengthOfStayDays: [60, 90],
    nextStep: ['intensive-outpatient', 'outpatient'],
    higherLevels: ['residential-short-term', 'hospital-inpatient'],
  },
  'partial-hospitalization': {
    label: 'Partial hospitalization (about 30 h/week)',
    asam3: ['2.5'],
    asam4: ['2.5'],
    residential: false,
    typicalHoursPerWeek: 'about 30',
    nextStep: ['intensive-outpatient'],
    higherLevels: ['residential-short-term', 'residential-long-term'],
  },
  'intensive-outpatient': {
    label: 'Intensive outpatient (10–15 h/week)',
    asam3: ['2.1'],
    asam4: ['2.1'],
    residential: false,
    typicalHoursPerWeek: '10–15',
    nextStep: ['outpatient'],
    higherLevels: ['partial-hospitalization'],
  },
  outpatient: {
    label: 'Regular outpatient (fewer than 9 h/week)',
    asam3: ['1'],
    asam4: ['1.0', '1.5'],
    residential: false,
    higherLevels: ['intensive-outpatient', 'partial-hospitalization'],
  },
  'opioid-treatment-program': {
    label: 'Opioid treatment program (methadone, buprenorphine)',
    asam3: ['OTS'],
    asam4: ['1.7'],
    residential: false,
    higherLevels: [],
  },
};
