import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { entityManagerOf, type Transaction } from '#persistence';
import { ConsentEntity } from './consent.entity.js';
import { PatientDetailsEntity } from './patient-details.entity.js';
import type { PatientRecordRepository } from './patient-record.repository.port.js';

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
    return this.managerOf(tx).findOne(PatientDetailsEntity, { where: { referralId } });
  }

  async savePatient(tx: Transaction, patient: PatientDetailsEntity): Promise<void> {
    await entityManagerOf(tx).upsert(PatientDetailsEntity, { ...patient }, ['referralId']);
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

  private managerOf(tx: Transaction | undefined): EntityManager {
    return tx ? entityManagerOf(tx) : this.dataSource.manager;
  }
}
