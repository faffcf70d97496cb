// Four tiers, as `npm test` runs them: unit specs beside the code (no I/O), integration specs beside
// the code against real PostgreSQL and Kafka, end-to-end specs in test/ against the running services,
// and browser specs that drive the web app in Chromium against the same services.

import { readFileSync } from 'node:fs';

// The lib aliases (#contracts, #matching, ...) come from package.json "imports", the one place they are
// declared: each maps to its "types" entry (the lib's TypeScript sources), so a new lib needs no edit here.
const { imports } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const libAliases = Object.fromEntries(
  Object.entries(imports).map(([alias, target]) => [`^${escapeRegExp(alias)}$`, `<rootDir>/${target.types.replace(/^\.\//, '')}`]),
);

const base = {
  extensionsToTreatAsEsm: ['.ts'],
  testEnvironment: 'node',
  moduleNameMapper: {
    ...libAliases,
    // ESM sources import siblings as './x.js'; ts-jest resolves them to './x.ts'.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
};

export default {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/apps/**/*.int-spec.ts', '<rootDir>/libs/**/*.int-spec.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
    {
      ...base,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
    },
  ],
};
