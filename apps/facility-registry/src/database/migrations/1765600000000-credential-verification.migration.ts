import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every licence and accreditation gets a verification (issue 15): matching stops trusting what facility
 * staff entered themselves. Each credential on file is decided from the facility's change history: the
 * accreditation change that last brought it in its present form (type, status, expiry, number, issuer
 * all as now) was made by the directory import ('directory-import') → `directory-listed`; by an account
 * through the API → `unverified`. With no such change in the history (rows older than the history), the
 * source decides: a facility from SAMHSA's directory (source_ref set) → `directory-listed`, one added
 * through the API → `unverified`. No credential starts `verified`: only an admin verifies.
 * Then each facility holding credentials is announced again on facility.accreditation.v1 (a new
 * sequence, with a history row), so the matcher, which reads a credential without a verification as
 * unverified, learns each one's state without waiting for the next change.
 */
export class CredentialVerification1765600000000 implements MigrationInterface {
  name = 'CredentialVerification1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE facilities f
         SET credentials = (
           SELECT coalesce(jsonb_agg(
                    c.value || jsonb_build_object(
                      'verification',
                      CASE
                        WHEN origin.changed_by IS NOT NULL
                          THEN CASE WHEN origin.changed_by = 'directory-import' THEN 'directory-listed' ELSE 'unverified' END
                        WHEN f.source_ref IS NOT NULL THEN 'directory-listed'
                        ELSE 'unverified'
                      END,
                      'reviewedBy', NULL, 'reviewedAt', NULL, 'reviewNote', NULL)
                    ORDER BY c.ordinality), '[]'::jsonb)
             FROM jsonb_array_elements(f.credentials) WITH ORDINALITY AS c(value, ordinality)
             LEFT JOIN LATERAL (
               SELECT h.changed_by
                 FROM facility_changes h
                WHERE h.facility_id = f.id
                  AND h.aspect = 'accreditation'
                  AND h.current @> jsonb_build_array(c.value - 'verification')
                  AND NOT coalesce(h.previous @> jsonb_build_array(c.value - 'verification'), false)
                ORDER BY h.sequence DESC
                LIMIT 1
             ) origin ON true
         )
       WHERE jsonb_array_length(f.credentials) > 0`);
    // Announce each facility's credentials again, with their verification, as the registry's outbox writer would.
    await queryRunner.query(`
      WITH bumped AS (
        UPDATE facilities
           SET accreditation_version = accreditation_version + 1
         WHERE jsonb_array_length(credentials) > 0
        RETURNING id, accreditation_version AS sequence, credentials
      ),
      announced AS (
        SELECT b.id, b.sequence, b.credentials,
               (SELECT jsonb_agg(jsonb_build_object(
                         'type', c->'type', 'status', c->'status', 'expiresOn', c->'expiresOn',
                         'identifier', c->'identifier', 'issuer', c->'issuer', 'verification', c->'verification'))
                  FROM jsonb_array_elements(b.credentials) AS c) AS payload_credentials,
               (SELECT jsonb_agg(c - 'verification' - 'reviewedBy' - 'reviewedAt' - 'reviewNote')
                  FROM jsonb_array_elements(b.credentials) AS c) AS before
          FROM bumped b
      ),
      history AS (
        INSERT INTO facility_changes (facility_id, aspect, sequence, previous, current, changed_by)
        SELECT id, 'accreditation', sequence, before, credentials, 'migration: credential verification'
          FROM announced
      )
      INSERT INTO outbox (topic, message_key, envelope)
      SELECT 'facility.accreditation.v1', id::text,
             jsonb_build_object(
               'eventId', gen_random_uuid(),
               'type', 'facility.accreditation.v1',
               'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'producer', 'facility-registry',
               'key', id::text,
               'sequence', sequence,
               'payload', jsonb_build_object(
                 'facilityId', id::text, 'credentials', payload_credentials, 'previousCredentials', payload_credentials))
        FROM announced`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE facilities f
         SET credentials = (
           SELECT coalesce(
                    jsonb_agg(c.value - 'verification' - 'reviewedBy' - 'reviewedAt' - 'reviewNote' ORDER BY c.ordinality),
                    '[]'::jsonb)
             FROM jsonb_array_elements(f.credentials) WITH ORDINALITY AS c(value, ordinality)
         )
       WHERE jsonb_array_length(f.credentials) > 0`);
  }
}
