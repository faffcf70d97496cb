import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { entityManagerOf, type Transaction } from '#persistence';
import { ConsentEntity } from './consent.entity.js';
import { PatientDetailsEntity } from './patient-details.entity.js';
import type { PatientDetailsDraft, PatientRecordRepository } from './patient-record.repository.port.js';
import { TaskTransitionEntity } from './task-transition.entity.js';

@Injectable()
export class TypeOrmPatientRecordRepository implements PatientRecordRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async consentsTo(facilityId: string, referralIds: readonly string[]): Promise<ConsentEntity[]> {
    if (referralIds.length === 0) return [];
    return this.dataSource
      .getRepository(ConsentEntity)
      .find({ where: { referralId: In([...referralIds]), recipientFacilityId: facilityId } });
  }

  findPatient(referralId: string, tx?: Transaction): Promise<PatientDetailsEntity | null> {
    return this.managerOf(tx).findOne(PatientDetailsEntity, { where: { referralId }, order: { version: 'DESC' } });
  }

  findPatientVersion(referralId: string, version: number, tx?: Transaction): Promise<PatientDetailsEntity | null> {
    return this.managerOf(tx).findOne(PatientDetailsEntity, { where: { referralId, version } });
  }

  async appendPatientVersion(tx: Transaction, patient: PatientDetailsDraft): Promise<PatientDetailsEntity> {
    const manager = entityManagerOf(tx);
    const latest = await manager.findOne(PatientDetailsEntity, {
      where: { referralId: patient.referralId },
      order: { version: 'DESC' },
      select: { referralId: true, version: true },
    });
    const next = Object.assign(new PatientDetailsEntity(), { ...patient, version: (latest?.version ?? 0) + 1 });
    await manager.insert(PatientDetailsEntity, { ...next });
    return next;
  }

  consentsOf(referralId: string, tx?: Transaction): Promise<ConsentEntity[]> {
    return this.managerOf(tx).find(ConsentEntity, { where: { referralId }, order: { recordedAt: 'ASC', id: 'ASC' } });
  }

  async insertConsent(tx: Transaction, consent: ConsentEntity): Promise<void> {
    await entityManagerOf(tx).insert(ConsentEntity, { ...consent });
  }

  async revokeConsent(tx: Transaction, consentId: string, revokedBy: string, at: Date): Promise<void> {
    await entityManagerOf(tx).update(ConsentEntity, { id: consentId }, { revokedAt: at, revokedBy });
  }

  async admissionsOf(referralId: string): Promise<ReadonlyMap<string, Date>> {
    const admissions = await this.dataSource.getRepository(TaskTransitionEntity).find({
      where: { referralId, toStatus: 'in-progress' },
      order: { changedAt: 'ASC', id: 'ASC' },
      select: { id: true, taskId: true, changedAt: true },
    });
    return new Map(admissions.map((admission) => [admission.taskId, new Date(admission.changedAt)]));
  }

  private managerOf(tx: Transaction | undefined): EntityManager {
    return tx ? entityManagerOf(tx) : this.dataSource.manager;
  }
}
