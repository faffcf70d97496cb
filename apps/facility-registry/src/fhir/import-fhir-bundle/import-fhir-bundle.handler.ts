import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#persistence';
import { NewFacilityService } from '../../facilities/create-facility/new-facility.service.js';
import type { FacilityEntity } from '../../facilities/database/facility.entity.js';
import { InvalidFacilityUpdateError } from '../../facilities/domain/facility-errors.js';
import type { NewFacility } from '../../facilities/domain/facility-profile.js';
import type { BundleProblem } from './fhir-bundle.reader.js';
import type { ImportFhirBundleCommand } from './import-fhir-bundle.command.js';

/**
 * Adds the facilities of a HealthcareService Bundle. All or nothing: every facility is checked with the
 * same rules as POST /facilities first, and then all are written in one transaction.
 */
@Injectable()
export class ImportFhirBundleHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly newFacilities: NewFacilityService,
  ) {}

  async execute(command: ImportFhirBundleCommand): Promise<FacilityEntity[]> {
    const all: BundleProblem[] = [...command.problems];
    const facilities: NewFacility[] = [];
    for (const entry of command.entries) {
      if ('problems' in entry) {
        all.push(...entry.problems);
        continue;
      }
      const problems = this.newFacilities.problemsOf(entry.facility, command.today);
      if (problems.length === 0) facilities.push(entry.facility);
      all.push(...problems.map((problem) => ({ expression: entry.expression, reason: `${problem.field}: ${problem.reason}` })));
    }
    // Each problem is named by the FHIRPath of its entry, which the OperationOutcome gives as its expression.
    if (all.length > 0) throw new InvalidFacilityUpdateError(all.map((problem) => ({ field: problem.expression, reason: problem.reason })));
    return this.unitOfWork.run(async (tx) => {
      const written: FacilityEntity[] = [];
      for (const facility of facilities) written.push(await this.newFacilities.insert(tx, facility, command.changedBy));
      return written;
    });
  }
}
