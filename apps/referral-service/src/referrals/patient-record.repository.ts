import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ConsentEntity } from './consent.entity.js';
import { PatientDetailsEntity } from './patient-details.entity.js';
import type { PatientRecordRepository } from './patient-record.repository.port.js';

@Injectable()
export class TypeOrmPatientRecordRepository implements PatientRecordRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async consentsTo(facilityId: string, referralIds: readonly string[]): Promise<ConsentEntity[]> {
    if (referralIds.length === 0) return [];
    return this.dataSource.getRepository(ConsentEntity).find({ where: { referralId: In([...referralIds]), recipientFacilityId: facilityId } });
  }

  findPatient(manager: EntityManager, referralId: string): Promise<PatientDetailsEntity | null> {
    return manager.findOne(PatientDetailsEntity, { where: { referralId } });
  }

  async savePatient(manager: EntityManager, patient: PatientDetailsEntity): Promise<void> {
    await manager.upsert(PatientDetailsEntity, { ...patient }, ['referralId']);
  }

  consentsOf(manager: EntityManager, referralId: string): Promise<ConsentEntity[]> {
    return manager.find(ConsentEntity, { where: { referralId }, order: { recordedAt: 'ASC', id: 'ASC' } });
  }

  async insertConsent(manager: EntityManager, consent: ConsentEntity): Promise<void> {
    await manager.insert(ConsentEntity, { ...consent });
  }

  async revokeConsent(manager: EntityManager, consentId: string, revokedBy: string, at: Date): Promise<void> {
    await manager.update(ConsentEntity, { id: consentId }, { revokedAt: at, revokedBy });
  }
}
