import type { Principal } from '#auth';

/** Who the patient is, as the planner gives it; optional fields left out are recorded as unknown. */
export interface PatientDetailsInput {
  readonly givenName: string;
  readonly familyName: string;
  /** Calendar date, YYYY-MM-DD. */
  readonly birthDate: string;
  readonly phone?: string;
  readonly address?: string;
  readonly medicalRecordNumber?: string;
  readonly clinicalSummary?: string;
}

export class RecordPatientDetailsCommand {
  constructor(
    readonly referralId: string,
    readonly details: PatientDetailsInput,
    readonly actor: Principal,
    readonly now: Date = new Date(),
  ) {}
}
