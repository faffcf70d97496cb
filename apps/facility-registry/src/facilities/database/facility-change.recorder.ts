import { Injectable } from '@nestjs/common';
import { Topic, type PayloadOf } from '#contracts';
import { OutboxWriter, type OutboxEvent } from '#messaging';
import { entityManagerOf, type Transaction } from '#persistence';
import type { FacilityAspect } from '../domain/facility-aspects.js';
import { FacilityChangeEntity } from './facility-change.entity.js';

const TOPIC_OF: { [A in FacilityAspect]: Topic } = {
  profile: Topic.FacilityProfile,
  capacity: Topic.FacilityCapacity,
  accreditation: Topic.FacilityAccreditation,
  insurance: Topic.FacilityInsurance,
};

type AspectTopic = Topic.FacilityProfile | Topic.FacilityCapacity | Topic.FacilityAccreditation | Topic.FacilityInsurance;

export interface FacilityChange {
  readonly facilityId: string;
  readonly aspect: FacilityAspect;
  readonly sequence: number;
  readonly previous: unknown;
  readonly current: unknown;
  readonly changedBy: string;
  /** The event announcing the change; its topic follows from the aspect. */
  readonly payload: PayloadOf<AspectTopic>;
}

/**
 * Every change to a facility goes through here: it is kept in the history and announced on its
 * topic, both inside the caller's transaction.
 */
@Injectable()
export class FacilityChangeRecorder {
  constructor(private readonly outbox: OutboxWriter) {}

  async record(tx: Transaction, changes: readonly FacilityChange[]): Promise<void> {
    if (changes.length === 0) return;
    const manager = entityManagerOf(tx);
    const rows = changes.map((change) => ({
      facility_id: change.facilityId,
      aspect: change.aspect,
      sequence: change.sequence,
      previous: change.previous ?? null,
      current: change.current,
      changed_by: change.changedBy,
    }));
    // One JSON parameter per chunk, so the directory import writes its history quickly.
    for (let start = 0; start < rows.length; start += 5000) {
      await manager.query(
        `INSERT INTO ${manager.getRepository(FacilityChangeEntity).metadata.tablePath}
           (facility_id, aspect, sequence, previous, current, changed_by)
         SELECT facility_id, aspect, sequence, previous, current, changed_by
           FROM jsonb_to_recordset($1::jsonb)
             AS row(facility_id uuid, aspect text, sequence int, previous jsonb, current jsonb, changed_by text)`,
        [JSON.stringify(rows.slice(start, start + 5000))],
      );
    }
    await this.outbox.append(
      tx,
      changes.map(
        (change) =>
          ({
            topic: TOPIC_OF[change.aspect] as AspectTopic,
            key: change.facilityId,
            sequence: change.sequence,
            payload: change.payload,
          }) as OutboxEvent<AspectTopic>,
      ),
    );
  }
}
