import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '#config';
import { MESSAGING_OPTIONS, OutboxWriter } from '#messaging';
import { registryDatabase } from './database/registry.database.js';
import { FacilityChangeRecorder } from './facilities/database/facility-change.recorder.js';
import { TypeOrmFacilityRepository } from './facilities/database/facility.repository.js';
import { FACILITY_REPOSITORY } from './facilities/database/facility.repository.port.js';
import { ImportDirectoryCommand, type ImportProgress } from './facilities/import-directory/import-directory.command.js';
import { ImportDirectoryHandler } from './facilities/import-directory/import-directory.handler.js';
import { ZIP_GEOCODER, zipcodesGeocoder } from './facilities/zip-geocoder.js';
import { RegistryDatabaseConfig, REGISTRY_SERVICE_NAME } from './registry.config.js';

const USAGE = `Usage: npm run import:directory -- [--file facilities.csv.gz] [--states KY,TN] [--demo-beds]

Loads SAMHSA's national directory into the facility registry. Safe to re-run: unchanged rows are
left alone, changed rows are updated, nothing is duplicated. Events reach Kafka through the
registry's outbox once the registry service runs.`;

const DEFAULT_FILE = resolve(import.meta.dirname, '../../../../apps/facility-registry/data/samhsa/facilities.csv.gz');

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: DEFAULT_FILE },
    states: { type: 'string', default: '' },
    'demo-beds': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const config = loadConfig(RegistryDatabaseConfig);

/** Only what the import needs: the database and the outbox writer, not the HTTP API or the relay. */
@Module({
  imports: [registryDatabase(config)],
  providers: [
    // Only the outbox: the registry's relay publishes what the import wrote, so no Kafka connection here.
    { provide: MESSAGING_OPTIONS, useValue: { serviceName: REGISTRY_SERVICE_NAME, outboxPollMs: 100 } },
    OutboxWriter,
    { provide: FACILITY_REPOSITORY, useClass: TypeOrmFacilityRepository },
    FacilityChangeRecorder,
    { provide: ZIP_GEOCODER, useValue: zipcodesGeocoder },
    ImportDirectoryHandler,
  ],
})
class ImportDirectoryCliModule {}

const started = Date.now();
const app = await NestFactory.createApplicationContext(ImportDirectoryCliModule, { logger: ['error', 'warn'] });
const report = (progress: ImportProgress): void => {
  const line =
    `\r  read ${progress.rowsRead} rows: ${progress.inserted} new, ${progress.updated} updated, ` +
    `${progress.unchanged} unchanged, ${progress.rejected.length} rejected`;
  process.stdout.write(process.stdout.isTTY ? line : `${line.trim()}\n`);
};
try {
  console.log(`Importing ${values.file}${values.states ? ` (states ${values.states})` : ''}`);
  const result = await app
    .get(ImportDirectoryHandler)
    .execute(
      new ImportDirectoryCommand(
        values.file,
        values.states ? values.states.split(',').map((state) => state.trim().toUpperCase()) : [],
        values['demo-beds'],
        report,
      ),
    );
  if (process.stdout.isTTY) process.stdout.write('\n');
  console.log(
    `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.inserted} new, ${result.updated} updated, ` +
      `${result.unchanged} unchanged, ${result.skippedByState} outside the chosen states, ` +
      `${result.demoBedsSet} facilities given demo bed counts.`,
  );
  if (result.rejected.length > 0) {
    console.log(`${result.rejected.length} rows could not be used:`);
    for (const rejected of result.rejected) {
      console.log(`  line ${rejected.row} (${rejected.facilityId || 'no id'}): ${rejected.reason}`);
    }
  }
} catch (error) {
  console.error(`\nImport failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await app.close();
}
