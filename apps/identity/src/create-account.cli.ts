import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateAccountHandler } from './accounts/create-account/create-account.handler.js';
import { CreateAccountRequestDto } from './accounts/create-account/create-account.request.dto.js';
import { PasswordHasher } from './accounts/password.hasher.js';
import { identityDatabase } from './identity.database.js';

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

@Module({ imports: [identityDatabase], providers: [PasswordHasher, CreateAccountHandler] })
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
const app = await NestFactory.createApplicationContext(CreateAccountCliModule, { logger: ['error', 'warn'] });
try {
  const account = await app.get(CreateAccountHandler).execute(request, { replace: true });
  console.log(`account ${account.email} (${account.role}) ready: ${account.id}`);
} catch (error) {
  console.error(`Could not create the account: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await app.close();
}
