import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '#messaging';
import { toFieldProblems } from '#http';
import { CreateFacilityCommand, CreateFacilityHandler } from '../../facilities/create-facility/create-facility.handler.js';
import { CreateFacilityRequestDto } from '../../facilities/create-facility/create-facility.request.dto.js';
import { InvalidFacilityUpdateError } from '../../facilities/facility-errors.js';
import type { FacilityEntity } from '../../facilities/facility.entity.js';
import type { Resource } from '#fhir';
import { facilitiesFromBundle, type BundleProblem } from './fhir-bundle.reader.js';

/**
 * Adds the facilities of a HealthcareService Bundle. All or nothing: every facility is checked with the
 * same rules as POST /facilities first, and then all are written in one transaction.
 */
@Injectable()
export class ImportFhirBundleHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly createFacility: CreateFacilityHandler,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(bundle: Resource, changedBy: string): Promise<FacilityEntity[]> {
    const { facilities, problems } = facilitiesFromBundle(bundle);
    const all: BundleProblem[] = [...problems];
    const commands: CreateFacilityCommand[] = [];
    for (const { expression, facility } of facilities) {
      const body = plainToInstance(CreateFacilityRequestDto, facility);
      const invalid = toFieldProblems(await validate(body, { whitelist: true, forbidNonWhitelisted: true }));
      if (invalid.length > 0) {
        all.push(...invalid.map((problem) => ({ expression, reason: `${problem.field}: ${problem.reason}` })));
        continue;
      }
      const command = new CreateFacilityCommand(body, changedBy);
      try {
        this.createFacility.check(command);
        commands.push(command);
      } catch (error) {
        if (!(error instanceof InvalidFacilityUpdateError)) throw error;
        all.push(...error.problems.map((problem) => ({ expression, reason: `${problem.field}: ${problem.reason}` })));
      }
    }
    // Each problem is named by the FHIRPath of its entry, which the OperationOutcome gives as its expression.
    if (all.length > 0) throw new InvalidFacilityUpdateError(all.map((problem) => ({ field: problem.expression, reason: problem.reason })));
    const created = await this.dataSource.transaction(async (manager) => {
      const written: FacilityEntity[] = [];
      for (const command of commands) written.push(await this.createFacility.insert(manager, command));
      return written;
    });
    this.relay.notify();
    return created;
  }
}
