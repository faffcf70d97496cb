import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log becomes append-only and tamper-evident: a trigger refuses UPDATE, DELETE and TRUNCATE,
 * and each new entry stores the SHA-256 of the previous entry's hash and its own content, so an edit
 * made around the triggers breaks the chain that `npm run audit:verify` checks. The digest is written
 * once, in SQL (audit_entry_digest), for the insert trigger and the verification alike.
 */
export class AppendOnlyAuditChain1765400000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_log ADD COLUMN chain_position bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text`);
    await queryRunner.query(`
      CREATE FUNCTION audit_entry_digest(prev text, entry audit_log) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(concat_ws(E'\\x1f',
          prev, entry.chain_position::text, to_char(entry.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
          entry.actor, entry.actor_role, coalesce(entry.actor_organization, ''), entry.action, entry.outcome,
          coalesce(entry.referral_id::text, ''), coalesce(entry.facility_id, ''), coalesce(entry.consent_id::text, ''),
          array_to_string(entry.fields, ','), coalesce(entry.detail, '')), 'UTF8')), 'hex')
      $$`);
    // One writer at a time extends the chain: the advisory lock is held until the inserting
    // transaction ends, and each statement below sees what committed before it was taken.
    await queryRunner.query(`
      CREATE FUNCTION audit_log_chain() RETURNS trigger
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        last audit_log;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('audit-log-chain:' || TG_TABLE_SCHEMA));
        EXECUTE format('SELECT * FROM %I.audit_log WHERE chain_position IS NOT NULL ORDER BY chain_position DESC LIMIT 1', TG_TABLE_SCHEMA)
          INTO last;
        NEW.chain_position := coalesce(last.chain_position, 0) + 1;
        NEW.prev_hash := coalesce(last.hash, '');
        NEW.hash := audit_entry_digest(NEW.prev_hash, NEW);
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    // Entries written before this migration start the chain, in the order they were written.
    await queryRunner.query(`
      DO $$
      DECLARE
        entry audit_log;
        previous text := '';
        pos bigint := 0;
      BEGIN
        FOR entry IN SELECT * FROM audit_log ORDER BY id LOOP
          pos := pos + 1;
          entry.chain_position := pos;
          UPDATE audit_log SET chain_position = pos, prev_hash = previous, hash = audit_entry_digest(previous, entry)
            WHERE id = entry.id RETURNING hash INTO previous;
        END LOOP;
      END
      $$`);
    await queryRunner.query(
      `ALTER TABLE audit_log ALTER COLUMN chain_position SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX audit_log_chain_position ON audit_log (chain_position)`);
    await queryRunner.query(`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`);
    await queryRunner.query(
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_log_no_truncate ON audit_log`);
    await queryRunner.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    await queryRunner.query(`DROP TRIGGER audit_log_chain ON audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
    await queryRunner.query(`DROP FUNCTION audit_log_chain()`);
    await queryRunner.query(`DROP INDEX audit_log_chain_position`);
    await queryRunner.query(`ALTER TABLE audit_log DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN chain_position`);
    await queryRunner.query(`DROP FUNCTION audit_entry_digest(text, audit_log)`);
  }
}
