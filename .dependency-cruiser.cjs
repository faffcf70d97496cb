// Import rules for the monorepo, checked by `npm run lint:deps` and by `npm test` (deploy/local/test.mjs) with
//   node node_modules/dependency-cruiser/bin/dependency-cruise.mjs --config .dependency-cruiser.cjs apps libs bench test
//
// Layout: apps/<name>/src/** are deployable services; libs/<name>/src/** are shared libraries whose
// public surface is libs/<name>/src/index.ts, reached through the package.json "imports" aliases
// (#contracts, #matching, ...); bench/** is the matching benchmark and test/** the end-to-end and
// browser specs with their helpers (test/support, which the integration specs beside the code share).
// Paths below are relative to the repository root.

/**
 * The app modules the benchmark may import. Apps have no public entry point other than main.ts (which
 * boots a service), yet the bench must measure the real code, not a copy of it. So each module here is
 * an explicit, reviewed exception: plain functions, or in-memory state that is at most marked
 * @Injectable(), with no module wiring, database or broker behind them. Anything else in an app stays
 * off limits to the bench.
 */
const BENCH_APP_EXCEPTIONS = [
  // The directory import as `npm run import:directory -- --demo-beds` runs it (bench/support/directory.ts).
  '^apps/facility-registry/src/facilities/import-directory/samhsa-row\\.mapper\\.ts$',
  '^apps/facility-registry/src/facilities/import-directory/demo-beds\\.ts$',
  '^apps/facility-registry/src/facilities/zip-geocoder\\.ts$',
  // The registry's event payloads, so the bench decodes what the matcher receives (bench/support/state-store.ts).
  '^apps/facility-registry/src/facilities/domain/facility-events\\.ts$',
  // The matcher's request mapping and in-memory state, which the bench times (bench/match.bench.ts, state-store.ts).
  '^apps/matcher/src/match-referral/match-request-of-referral\\.ts$',
  '^apps/matcher/src/facility-state/facility-state\\.store\\.ts$',
];

/** Spec files (unit, integration, end-to-end); they never ship. */
const SPEC_FILE = '\\.(?:spec|int-spec|e2e-spec)\\.ts$';

/** A file in an app's domain/ folder (at most two levels below src/), where its pure rules live. */
const DOMAIN_FOLDER = '^apps/[^/]+/src/(?:domain|[^/]+/domain|[^/]+/[^/]+/domain)/';

/** A file in an app's database/ folder: entities, repositories, migrations. */
const DATABASE_FOLDER = '^apps/[^/]+/src/(?:database|[^/]+/database|[^/]+/[^/]+/database)/';

/** A TypeORM entity. */
const ENTITY_FILE = '(?:^|/)[^/]+\\.entity\\.ts$';

/**
 * Matches an npm package by name, both when it resolved into node_modules and when it
 * could not be resolved at all (then the path is the bare specifier).
 */
const npmPackage = (names) => `(?:^|/node_modules/|^node_modules/)(?:${names.join('|')})(?:/|$)`;

/** Matches node core modules by name, with or without the `node:` prefix. */
const coreModule = (names) => `^(?:node:)?(?:${names.join('|')})(?:/|$)`;

/** Frameworks and packages that talk to the outside world (database, broker, network, files). */
const NEST_AND_IO_PACKAGES = npmPackage([
  '@nestjs/[^/]+',
  'typeorm',
  'pg',
  'pg-[^/]+',
  'kafkajs',
  'express',
  'http-proxy-middleware',
  'csv-parse',
  'zipcodes',
]);

/** Node core modules that do I/O. */
const IO_CORE_MODULES = coreModule([
  'fs',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'dgram',
  'dns',
  'child_process',
  'cluster',
  'worker_threads',
  'readline',
  'zlib',
]);

const NPM_DEPENDENCY_TYPES = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // 1. Service boundaries
    {
      name: 'no-app-to-app',
      severity: 'error',
      comment:
        'Apps are separately deployed services that talk only over HTTP and Kafka. Importing another ' +
        "app's code couples their releases and drags its providers and config into this process. Move " +
        'shared code into a lib (libs/<name>) and import it through its #alias.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },

    // 2. Layering
    {
      name: 'no-lib-to-app',
      severity: 'error',
      comment:
        'Libs are shared by every app, so they must not depend on any one of them: that would create a ' +
        'cycle between layers and make the lib unusable elsewhere. Move the needed code into a lib.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },

    // 3. Libs are used only through their public entry point
    {
      name: 'no-deep-lib-import',
      severity: 'error',
      comment:
        "Code outside a lib may only import the lib's root entry libs/<name>/src/index.ts (via its " +
        '#<name> alias). Deep imports bypass the public API, break when files move and do not resolve ' +
        'in the compiled output. Export what you need from the index instead.',
      from: { path: '^((?:apps|libs)/[^/]+)/' },
      to: { path: '^libs/[^/]+/', pathNot: ['^$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'lib-only-via-alias',
      severity: 'error',
      comment:
        'Other code reaches a lib only through its package.json "imports" alias (#contracts, #matching, ' +
        "...), never through a relative path: the alias is what maps to the lib's sources at type-check " +
        'time and to dist/ at run time, and it keeps imports independent of directory depth.',
      from: { path: '^((?:apps|libs)/[^/]+)/' },
      to: { path: '^libs/[^/]+/', pathNot: '^$1/', dependencyTypesNot: ['aliased-subpath-import'] },
    },

    {
      name: 'no-deep-lib-import-from-bench-or-test',
      severity: 'error',
      comment:
        'The benchmark and the end-to-end specs use a lib the way the apps do: only through its root ' +
        'entry libs/<name>/src/index.ts, reached by its #<name> alias (never a relative path). What they ' +
        'need from inside a lib is part of its public API and belongs in its index.',
      from: { path: '^(?:bench|test)/' },
      to: {
        path: '^libs/[^/]+/',
        pathNot: '^libs/[^/]+/src/index\\.ts$',
      },
    },
    {
      name: 'bench-or-test-lib-only-via-alias',
      severity: 'error',
      comment:
        'The benchmark and the end-to-end specs reach a lib only through its package.json "imports" ' +
        'alias (#contracts, #matching, ...): the alias is what resolves to the sources at type-check ' +
        'time and to dist/ when the compiled bench runs.',
      from: { path: '^(?:bench|test)/' },
      to: { path: '^libs/[^/]+/', dependencyTypesNot: ['aliased-subpath-import'] },
    },

    // 3b. The benchmark and the end-to-end specs
    {
      name: 'test-only-over-the-wire',
      severity: 'error',
      comment:
        'test/** checks the running services from outside, over HTTP, Kafka and the browser, as their ' +
        'clients do. Importing app code would test a copy in the spec process instead of the service ' +
        'under test and tie the specs to internals. Take shared shapes from a lib (#contracts, ' +
        '#vocabulary) or from test/support.',
      from: { path: '^test/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-production-to-test',
      severity: 'error',
      comment:
        'test/** is no part of any service: it is not built (tsconfig.build.json) and its helpers use ' +
        'test-only packages and settings. Only spec files beside the code may import from it (see ' +
        'specs-use-only-test-support).',
      from: { path: '^(?:apps|libs)/', pathNot: SPEC_FILE },
      to: { path: '^test/' },
    },
    {
      name: 'specs-use-only-test-support',
      severity: 'error',
      comment:
        'The integration specs beside the code share their set-up with each other and the end-to-end ' +
        'specs through test/support/integration.ts: the database and broker of `npm test`, a schema of ' +
        'their own, teardown and the Kafka tail. That is all they take from test/**: the specs there are ' +
        'not helpers, and importing one would run its tests in the wrong tier.',
      from: { path: SPEC_FILE, pathNot: '^test/' },
      to: { path: '^test/', pathNot: '^test/support/' },
    },
    {
      name: 'bench-app-imports-only-listed',
      severity: 'error',
      comment:
        'The benchmark measures the real matching code, so it may import the few app modules listed in ' +
        'BENCH_APP_EXCEPTIONS (pure functions and in-memory state; apps have no other public entry than ' +
        'main.ts). Any other app import would drag in Nest wiring, TypeORM or Kafka; move the code into a ' +
        'lib, or add it to the list with the reason it is safe.',
      from: { path: '^bench/' },
      to: { path: '^apps/', pathNot: BENCH_APP_EXCEPTIONS },
    },

    // 4. libs/matching is the pure domain core
    {
      name: 'matching-no-nest-or-io',
      severity: 'error',
      comment:
        'libs/matching is the pure matching/ranking domain: deterministic functions over plain data, ' +
        'unit-testable without Nest, a database, Kafka or the network. Nest, ORM, messaging, HTTP and ' +
        'file/data-loading packages belong in the apps that feed it.',
      from: { path: '^libs/matching/' },
      to: { path: NEST_AND_IO_PACKAGES },
    },
    {
      name: 'matching-no-node-core',
      severity: 'error',
      comment:
        'libs/matching is pure: it must not touch node core modules (fs, net, http, crypto, ...), which ' +
        'are I/O or platform concerns. Pass the data or values in from the calling app instead.',
      from: { path: '^libs/matching/' },
      to: { dependencyTypes: ['core'] },
    },
    // An app's domain/ folders hold its pure rules (the task and bed-hold lifecycles, consent, outcomes):
    // the handlers lock, ask them, and apply; so they take the same rules as libs/matching.
    {
      name: 'domain-no-nest-or-io',
      severity: 'error',
      comment:
        "Files under an app's domain/ decide from plain data (what happens to a task, a hold, a consent); " +
        'Nest, ORM, messaging and HTTP belong in the use cases that apply the decision and in database/.',
      from: { path: DOMAIN_FOLDER, pathNot: SPEC_FILE },
      to: { path: NEST_AND_IO_PACKAGES },
    },
    {
      name: 'domain-no-node-core',
      severity: 'error',
      comment: 'Domain files are pure: no node core modules (fs, net, crypto, ...); pass values (ids, clocks) in instead.',
      from: { path: DOMAIN_FOLDER, pathNot: SPEC_FILE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment:
        'A domain file may import other domain files and the pure libs, never a use case, a controller or ' +
        'database/: the dependency points from the outside in.',
      from: { path: DOMAIN_FOLDER, pathNot: SPEC_FILE },
      to: { path: '^apps/[^/]+/src/', pathNot: DOMAIN_FOLDER },
    },
    // 4b. One write path: repositories in database/ are the only code that touches TypeORM.
    {
      name: 'typeorm-only-in-database',
      severity: 'error',
      comment:
        'Handlers, controllers and domain files change state through UnitOfWork.run(tx => ...) (#persistence) ' +
        "and the repositories they are given; only files under an app's database/ folders (entities, " +
        'repositories, migrations) import typeorm or @nestjs/typeorm. Move the query into a repository.',
      from: { path: '^apps/[^/]+/src/', pathNot: [SPEC_FILE, DATABASE_FOLDER] },
      to: { path: npmPackage(['typeorm', '@nestjs/typeorm']) },
    },
    // 4c. One handler shape: execute(command), the command built by the controller from its request DTO.
    {
      name: 'handlers-take-commands-not-request-dtos',
      severity: 'error',
      comment:
        'A handler is execute(command) with one command object of its own (*.command.ts or *.query.ts); ' +
        "the transport's controller maps its request DTO to that command, so a handler never sees HTTP shapes.",
      from: { path: '\\.handler\\.ts$' },
      to: { path: '\\.request\\.dto\\.ts$' },
    },
    {
      name: 'matching-only-contracts',
      severity: 'error',
      comment:
        'libs/matching may depend on no other lib except libs/contracts and libs/vocabulary, so that the domain core stays ' +
        'free of messaging, persistence, config and web code (and whatever they pull in).',
      from: { path: '^libs/matching/' },
      to: { path: '^libs/', pathNot: ['^libs/matching/', '^libs/contracts/', '^libs/vocabulary/'] },
    },
    {
      name: 'matching-contracts-type-only',
      severity: 'error',
      comment:
        'libs/matching may use libs/contracts only for its types (`import type`): a value import would ' +
        'load the contract classes with their class-validator/class-transformer decorators at run time, ' +
        'which the pure domain must not depend on.',
      from: { path: '^libs/matching/' },
      to: { path: '^libs/contracts/', dependencyTypesNot: ['type-only'] },
    },

    // 5. libs/vocabulary is plain constants, shared with the browser
    {
      name: 'vocabulary-imports-nothing',
      severity: 'error',
      comment:
        "libs/vocabulary holds the product's word lists (levels of care, payers, statuses). The web app " +
        'bundles it for the browser, so it imports nothing: no npm package, no node module, no other lib.',
      from: { path: '^libs/vocabulary/' },
      to: { pathNot: '^libs/vocabulary/' },
    },
    {
      name: 'web-only-vocabulary',
      severity: 'error',
      comment:
        'apps/web runs in the browser: of the libs it may use only libs/vocabulary (the others carry ' +
        'Nest, decorators or node I/O), and no node core module.',
      from: { path: '^apps/web/' },
      to: { path: '^libs/', pathNot: '^libs/vocabulary/' },
    },
    {
      name: 'web-no-node-core',
      severity: 'error',
      comment: 'apps/web runs in the browser, where node core modules do not exist.',
      from: { path: '^apps/web/src/' },
      to: { dependencyTypes: ['core'] },
    },

    // 6. libs/contracts is plain message/vocabulary definitions
    {
      name: 'contracts-no-nest-or-io',
      severity: 'error',
      comment:
        'libs/contracts holds the wire contracts (Kafka keys/values, envelopes, vocabularies) shared by ' +
        'every service. It must stay framework- and I/O-free: no Nest, ORM, Kafka client, HTTP, database ' +
        'or file access. Only class-validator, class-transformer and reflect-metadata are allowed.',
      from: { path: '^libs/contracts/' },
      to: { path: [NEST_AND_IO_PACKAGES, IO_CORE_MODULES] },
    },
    {
      name: 'contracts-only-validation-packages',
      severity: 'error',
      comment:
        'libs/contracts may only use the validation/serialisation packages class-validator, ' +
        'class-transformer and reflect-metadata; any other npm dependency would be forced on every ' +
        'producer and consumer of the contracts.',
      from: { path: '^libs/contracts/' },
      to: {
        dependencyTypes: NPM_DEPENDENCY_TYPES,
        pathNot: npmPackage(['class-validator', 'class-transformer', 'reflect-metadata']),
      },
    },
    {
      name: 'contracts-no-other-lib',
      severity: 'error',
      comment:
        'libs/contracts is the bottom layer every other lib and app builds on; importing another lib ' +
        '(messaging, persistence, ...) would pull Nest, TypeORM or Kafka in through the back door.',
      from: { path: '^libs/contracts/' },
      to: { path: '^libs/', pathNot: ['^libs/contracts/', '^libs/vocabulary/'] },
    },

    // 7. Cycles
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Circular imports make module initialisation order-dependent (in ESM a binding can still be ' +
        'undefined when first read) and tangle responsibilities. Cycles with a type-only edge are ' +
        'erased at compile time and are fine. The one accepted runtime cycle is between TypeORM ' +
        'entities that map both sides of a relation (e.g. referral.entity.ts <-> referral-match.entity.ts, ' +
        'facility.entity.ts <-> bed-count.entity.ts): TypeORM needs the class values for its ' +
        '`() => Entity` relation lambdas, resolves them lazily, and the properties are typed with ' +
        '`Relation<>` so the emitted decorator metadata does not read them eagerly. A cycle through ' +
        'anything that is not an entity is still reported.',
      from: {},
      to: {
        circular: true,
        // ...unless every module in the cycle is an entity (entity <-> entity relation pairs)
        via: { pathNot: ENTITY_FILE },
        // ...unless some edge of the cycle is a type-only import
        viaOnly: { dependencyTypesNot: ['type-only'] },
      },
    },

    // 8. Hygiene
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'This import cannot be resolved to a file on disk: a typo, a missing file, a missing package ' +
        'in package.json or a #alias that is not declared in package.json "imports".',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'This module neither imports nor is imported by anything: it is dead code (or forgotten ' + 'wiring). Use it or remove it.',
      from: {
        orphan: true,
        pathNot: ['(?:^|/)\\.[^/]+\\.(?:js|cjs|mjs|ts|cts|mts|json)$', '\\.d\\.(?:c|m)?ts$'],
      },
      to: {},
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Production code depends on a package that is only in devDependencies, so it is missing from ' +
        'a production install (npm ci --omit=dev). Move the package to dependencies, or use it only in ' +
        'spec files. Type-only imports (and @types packages) are erased at compile time and are fine.',
      // The web app is bundled at build time: what it imports ships inside its bundle, not node_modules.
      from: { path: '^(?:apps|libs)/', pathNot: [SPEC_FILE, '^apps/web/'] },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: 'node_modules/@types/',
      },
    },
  ],

  options: {
    // Look at our own code only; record, but do not descend into, packages.
    doNotFollow: { path: 'node_modules' },
    // Compiled output (dist/ at the root or inside an app/lib) is not source. Anchored on purpose:
    // an unanchored 'dist/' would also drop every dependency on a package whose entry point lives
    // in node_modules/<pkg>/dist/ (uuid, rxjs, ...), hiding it from the rules.
    // test/artifacts holds what the last `npm test` wrote (logs, reports, screenshots), not code.
    exclude: { path: ['^dist/', '^(?:apps|libs)/[^/]+/dist/', '^test/artifacts/'] },
    // Also see imports that disappear when compiled (`import type`, type-only usage), so that the
    // rules above can tell type-only dependencies apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      // enhanced-resolve honours package.json "imports" (the #contracts, #matching, ... subpath
      // imports) by default; the "types" condition makes the aliases resolve to the lib sources
      // (libs/<name>/src/index.ts). Without it they resolve to the compiled dist/ ("default"),
      // which is excluded, so every app -> lib edge would silently vanish from the rules. It also
      // lets packages such as typeorm and csv-parse resolve through their "exports" type entries.
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'node', 'default'],
      mainFields: ['types', 'typings', 'module', 'main'],
    },
    // Only do the analysis the rules need (faster).
    skipAnalysisNotInRules: true,
  },
};
