/**
 * The patient's age as events carry it: a band, never the exact age (minimum necessary), exactly as
 * fine as the matching and bed rules need. Under 18: adolescent beds and children/adolescent
 * programmes; 18–25: young adults (adults too); 26–64: adults; 65 and over: seniors (adults too).
 */
export const AGE_BANDS = ['under-18', '18-25', '26-64', '65-and-over'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Age bands as they read after "aged": "a patient aged 18–25". */
export const AGE_BAND_LABELS: Readonly<Record<AgeBand, string>> = {
  'under-18': 'under 18',
  '18-25': '18–25',
  '26-64': '26–64',
  '65-and-over': '65 and over',
};

/** The band of an age in whole years; an age that is no age (negative, not a number) is a programming error. */
export function ageBandOf(ageYears: number): AgeBand {
  if (!Number.isFinite(ageYears) || ageYears < 0) throw new RangeError(`${ageYears} is not an age in years`);
  // Adult beds from 18 (SAMHSA TIP 32); young adults 18–25 and seniors 65+ as SAMHSA's directory codes them (YAD, SNR).
  if (ageYears < 18) return 'under-18';
  if (ageYears < 26) return '18-25';
  if (ageYears < 65) return '26-64';
  return '65-and-over';
}
