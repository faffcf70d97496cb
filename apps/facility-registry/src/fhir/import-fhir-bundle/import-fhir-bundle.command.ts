import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Resource } from '#fhir';
import { toFieldProblems } from '#http';
import { CreateFacilityRequestDto } from '../../facilities/create-facility/create-facility.request.dto.js';
import type { NewFacility } from '../../facilities/domain/facility-profile.js';
import { facilitiesFromBundle, type BundleProblem } from './fhir-bundle.reader.js';

/** One HealthcareService of the Bundle: the facility it describes, or why it could not be read as one. */
export type BundleEntry =
  | { readonly expression: string; readonly facility: NewFacility }
  | { readonly expression: string; readonly problems: readonly BundleProblem[] };

/** Add the facilities of a FHIR HealthcareService Bundle, all or nothing. */
export class ImportFhirBundleCommand {
  constructor(
    /** Problems with the Bundle as a whole (its type, no HealthcareService, broken references). */
    readonly problems: readonly BundleProblem[],
    /** Its HealthcareServices in order; the n-th facility written is the n-th entry. */
    readonly entries: readonly BundleEntry[],
    /** Who imports them; kept in each facility's history. */
    readonly changedBy: string,
    readonly today: string = new Date().toISOString().slice(0, 10),
  ) {}

  /** Reads the Bundle, and checks each facility in it as POST /facilities checks its body. */
  static async fromBundle(bundle: Resource, changedBy: string): Promise<ImportFhirBundleCommand> {
    const { facilities, problems } = facilitiesFromBundle(bundle);
    const entries: BundleEntry[] = [];
    for (const { expression, facility } of facilities) {
      const body = plainToInstance(CreateFacilityRequestDto, facility);
      const invalid = toFieldProblems(await validate(body, { whitelist: true, forbidNonWhitelisted: true }));
      entries.push(
        invalid.length > 0
          ? { expression, problems: invalid.map((problem) => ({ expression, reason: `${problem.field}: ${problem.reason}` })) }
          : { expression, facility: body },
      );
    }
    return new ImportFhirBundleCommand(problems, entries, changedBy);
  }
}
