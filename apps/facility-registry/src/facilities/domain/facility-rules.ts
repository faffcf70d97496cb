import {
  LEVEL_OF_CARE_DEFINITIONS,
  type BedType,
  type CredentialValue,
  type LevelOfCare,
  type Medication,
  type Payer,
  type ProgramValue,
} from '#contracts';

/** A problem with one field of a change, reported to the caller as 400 with the field's path. */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

const METHADONE_SETTINGS: readonly LevelOfCare[] = ['opioid-treatment-program', 'detox-hospital', 'hospital-inpatient'];

/** Programs and medications must make clinical sense together. */
export function checkProgramsAndMedications(programs: readonly ProgramValue[], medications: readonly Medication[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (programs.length === 0) problems.push({ field: 'programs', reason: 'a facility runs at least one program' });
  const seen = new Set<LevelOfCare>();
  programs.forEach((program, index) => {
    const field = `programs.${index}`;
    if (seen.has(program.levelOfCare)) problems.push({ field: `${field}.levelOfCare`, reason: `${program.levelOfCare} is listed twice` });
    seen.add(program.levelOfCare);
    const hasEdition = program.asamEdition !== undefined && program.asamEdition !== null;
    const hasLevel = program.asamLevel !== undefined && program.asamLevel !== null;
    if (hasEdition !== hasLevel) {
      problems.push({ field: `${field}.asamLevel`, reason: 'give both the ASAM edition and the ASAM level, or neither' });
    } else if (hasEdition && hasLevel) {
      const definition = LEVEL_OF_CARE_DEFINITIONS[program.levelOfCare];
      const allowed: readonly string[] = program.asamEdition === 3 ? definition.asam3 : definition.asam4;
      if (!allowed.includes(program.asamLevel!)) {
        problems.push({
          field: `${field}.asamLevel`,
          reason:
            `ASAM ${program.asamEdition === 3 ? '3rd' : '4th'} edition level ${program.asamLevel} is not ${program.levelOfCare}; ` +
            `expected one of ${allowed.join(', ')}`,
        });
      }
    }
  });
  // Federal rules: methadone for opioid use disorder only in a certified OTP, or in a hospital.
  if (medications.includes('methadone') && !METHADONE_SETTINGS.some((level) => seen.has(level))) {
    problems.push({
      field: 'medications',
      reason:
        'methadone for opioid use disorder is dispensed only by a certified opioid treatment program or in a hospital; ' +
        'add such a program first',
    });
  }
  return problems;
}

export interface BedLine {
  readonly levelOfCare: LevelOfCare;
  readonly bedType: BedType;
  readonly staffed: number;
  readonly available: number;
  readonly opening24h: number;
  readonly opening72h: number;
  readonly waitlist: boolean;
  readonly typicalWaitDays: number | null;
}

export function checkBedLines(lines: readonly BedLine[], offered: readonly LevelOfCare[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    const field = `beds.${index}`;
    const key = `${line.levelOfCare}/${line.bedType}`;
    if (seen.has(key)) problems.push({ field: `${field}.bedType`, reason: `${line.bedType} beds in ${line.levelOfCare} are listed twice` });
    seen.add(key);
    if (!offered.includes(line.levelOfCare)) {
      problems.push({
        field: `${field}.levelOfCare`,
        reason: `facility does not offer ${line.levelOfCare}; it offers ${offered.join(', ') || 'no level of care'}`,
      });
    }
    if (line.available > line.staffed) problems.push({ field: `${field}.available`, reason: `must not exceed staffed (${line.staffed})` });
    if (line.opening24h > line.opening72h) {
      problems.push({
        field: `${field}.opening24h`,
        reason: `beds opening within 24 h are also within 72 h: must not exceed opening72h (${line.opening72h})`,
      });
    }
    if (line.opening72h > line.staffed)
      problems.push({ field: `${field}.opening72h`, reason: `must not exceed staffed (${line.staffed})` });
    if (!line.waitlist && line.typicalWaitDays !== null) {
      problems.push({ field: `${field}.typicalWaitDays`, reason: 'a typical wait needs waitlist: true' });
    }
  });
  return problems;
}

export function checkCredentials(credentials: readonly CredentialValue[], today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  credentials.forEach((credential, index) => {
    const key = `${credential.type}/${credential.identifier ?? ''}`;
    if (seen.has(key))
      problems.push({
        field: `credentials.${index}.type`,
        reason: `${`${credential.type} ${credential.identifier ?? ''}`.trim()} is listed twice`,
      });
    seen.add(key);
    if (credential.expiresOn && !isCalendarDate(credential.expiresOn)) {
      problems.push({ field: `credentials.${index}.expiresOn`, reason: `${credential.expiresOn} is not a calendar date` });
    }
    if (credential.status === 'active' && credential.expiresOn && credential.expiresOn < today) {
      problems.push({ field: `credentials.${index}.status`, reason: `cannot be active: it expired on ${credential.expiresOn}` });
    }
  });
  return problems;
}

/** True for a real day such as 2027-02-28; false for 2027-02-30, which Date would roll over. */
export function isCalendarDate(text: string): boolean {
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

export function checkInsurance(payers: readonly Payer[], privateInsurancePlans: readonly string[]): FieldProblem[] {
  if (privateInsurancePlans.length > 0 && !payers.includes('private-insurance')) {
    return [{ field: 'privateInsurancePlans', reason: 'named plans need private-insurance among the payers' }];
  }
  return [];
}

/** A credential's status as of a day: an active one past its expiry date counts as expired. */
export function effectiveCredentialStatus(credential: CredentialValue, today: string): CredentialValue['status'] {
  if (credential.status === 'active' && credential.expiresOn && credential.expiresOn < today) return 'expired';
  return credential.status;
}

export function isBedCountStale(confirmedAt: Date, now: Date, staleAfterHours: number): boolean {
  return now.getTime() - confirmedAt.getTime() > staleAfterHours * 3_600_000;
}
