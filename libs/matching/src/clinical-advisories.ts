import type { LevelOfCare } from '#contracts';
import { DRUG_OF_MEDICATION } from '#vocabulary';
import type { PatientNeeds } from './match-request.js';
import { isDetoxLevel } from './rule-terms.js';

// Warnings for the planner about the referral itself: never a reason to leave a facility out.

export const CLINICAL_ADVISORY_CODES = ['moud-in-pregnancy', 'naltrexone-after-withdrawal'] as const;
export type ClinicalAdvisoryCode = (typeof CLINICAL_ADVISORY_CODES)[number];

export interface ClinicalAdvisory {
  readonly code: ClinicalAdvisoryCode;
  readonly text: string;
}

/** What the advisories read of a referral. */
export interface AdvisedReferral {
  readonly levelOfCare: LevelOfCare;
  readonly needs: Pick<PatientNeeds, 'pregnant' | 'substances' | 'startMedication'>;
}

/**
 * The clinical advisories for a referral, in CLINICAL_ADVISORY_CODES order:
 * - `moud-in-pregnancy`: a pregnant patient who needs treatment for opioids referred to withdrawal
 *   management. Source: ACOG Committee Opinion 711 (2017); SAMHSA 2018 Clinical Guidance for Treating
 *   Pregnant and Parenting Women With Opioid Use Disorder and Their Infants.
 * - `naltrexone-after-withdrawal`: naltrexone to start on a withdrawal management referral: it can
 *   start only once the patient has been opioid-free for 7–10 days (for alcohol too: it is an opioid
 *   antagonist). Source: SAMHSA TIP 63 (2021).
 */
export function clinicalAdvisories(referral: AdvisedReferral): ClinicalAdvisory[] {
  const { needs } = referral;
  const advisories: ClinicalAdvisory[] = [];
  if (!isDetoxLevel(referral.levelOfCare)) return advisories;
  if (needs.pregnant && needs.substances.includes('opioids')) {
    advisories.push({
      code: 'moud-in-pregnancy',
      text:
        'MOUD (methadone or buprenorphine) is recommended over opioid withdrawal in pregnancy: withdrawal raises the risk of ' +
        'relapse and overdose (ACOG Committee Opinion 711; SAMHSA 2018). ' +
        'Consider an opioid treatment program or a buprenorphine prescriber.',
    });
  }
  if (needs.startMedication && DRUG_OF_MEDICATION[needs.startMedication] === 'naltrexone') {
    advisories.push({
      code: 'naltrexone-after-withdrawal',
      // An opioid antagonist: with opioids still in the body it brings on withdrawal, whatever it is started for.
      text: needs.substances.includes('opioids')
        ? 'Naltrexone can start only once opioid withdrawal is complete (7–10 days without opioids): plan it at discharge'
        : 'Naltrexone needs the patient opioid-free for 7–10 days: confirm no recent opioid use before the first dose',
    });
  }
  return advisories;
}
