import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { loadConfig } from '#config';
import { CreateAccountCommand } from './accounts/create-account/create-account.command.js';
import { CreateAccountHandler } from './accounts/create-account/create-account.handler.js';
import { CreateAccountRequestDto } from './accounts/create-account/create-account.request.dto.js';
import { TypeOrmAccountRepository } from './accounts/database/account.repository.js';
import { ACCOUNT_REPOSITORY } from './accounts/database/account.repository.port.js';
import { PasswordHasher } from './accounts/password.hasher.js';
import { identityDatabase } from './database/identity.database.js';
import { IdentityDatabaseConfig } from './identity.config.js';

const USAGE = `Usage: npm run account:create -- --email E --role planner|facility-staff|admin|system
         [--name "Display name"] [--password P | env ACCOUNT_PASSWORD] [--facility-ids id,id] [--organization O]

Creates an account, or updates the one with that email. Use it for the first admin; admins then
create further accounts over the API (POST /api/accounts).`;

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    'facility-ids': { type: 'string', default: '' },
    organization: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values.email || !values.role) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

@Module({})
class CreateAccountCliModule {}

const request = plainToInstance(CreateAccountRequestDto, {
  email: values.email,
  role: values.role,
  displayName: values.name ?? values.email,
  password: values.password ?? process.env.ACCOUNT_PASSWORD,
  facilityIds: values['facility-ids'] ? values['facility-ids'].split(',') : [],
  organization: values.organization ?? null,
});
const problems = validateSync(request, { whitelist: true });
if (problems.length > 0) {
  console.error(problems.map((problem) => `${problem.property}: ${Object.values(problem.constraints ?? {}).join(', ')}`).join('\n'));
  process.exit(2);
}
// Only the database settings: the CLI signs no tokens, so it runs without the signing key.
const config = loadConfig(IdentityDatabaseConfig);
const app = await NestFactory.createApplicationContext(
  {
    module: CreateAccountCliModule,
    imports: [identityDatabase(config)],
    providers: [PasswordHasher, { provide: ACCOUNT_REPOSITORY, useClass: TypeOrmAccountRepository }, CreateAccountHandler],
  },
  { logger: ['error', 'warn'] },
);
// Seeding: an account of that email is updated rather than refused.
const command = new CreateAccountCommand({
  email: request.email,
  displayName: request.displayName,
  role: request.role,
  facilityIds: request.facilityIds,
  organization: request.organization,
  password: request.password,
  replace: true,
});
try {
  const account = await app.get(CreateAccountHandler).execute(command);
  console.log(`account ${account.email} (${account.role}) ready: ${account.id}`);
} catch (error) {
  console.error(`Could not create the account: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await app.close();
}
