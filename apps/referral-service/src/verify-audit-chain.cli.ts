import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '#config';
import { serviceDatabaseModule } from '#persistence';
import { AuditLogRepository } from './audit/database/audit-log.repository.js';
import { REFERRAL_ENTITIES, REFERRAL_MIGRATIONS } from './database/referral.schema.js';
import { ReferralDatabaseConfig } from './referral.config.js';

// `npm run audit:verify`: recomputes the audit log's hash chain and says whether any entry was changed,
// removed or reordered since it was written. Exit code 0 when intact, 1 when broken.
const config = loadConfig(ReferralDatabaseConfig);

@Module({
  imports: [
    serviceDatabaseModule({
      databaseUrl: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      entities: REFERRAL_ENTITIES,
      migrations: REFERRAL_MIGRATIONS,
      poolSize: 2,
    }),
  ],
  providers: [AuditLogRepository],
})
class VerifyAuditChainModule {}

const app = await NestFactory.createApplicationContext(VerifyAuditChainModule, { logger: ['error', 'warn'] });
try {
  const report = await app.get(AuditLogRepository).verifyChain();
  if (report.firstBroken) {
    console.error(
      `✖ audit log chain broken at entry ${report.firstBroken.position} of ${report.entries}: ${report.firstBroken.reason}.\n` +
        '  Entries were changed or removed outside the service; compare with a backup and investigate before trusting the log.',
    );
    process.exitCode = 1;
  } else {
    console.log(`✔ audit log chain intact: ${report.entries} entries, newest hash ${report.headHash ?? '(none)'}`);
    console.log(
      '  Keep the newest hash somewhere else: a later run that ends on a different hash means entries were removed from the end.',
    );
  }
} finally {
  await app.close();
}
