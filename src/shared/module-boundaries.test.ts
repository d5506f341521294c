import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { required } from './required.js';

/**
 * The layer rules of docs/architecture.md that can be read from the imports alone:
 * - a module uses another module's service, never its repo (`*-repo.ts`); only the read models in
 *   src/modules/read-models/, which join several modules' tables on purpose, may import any repo;
 * - outside repos and read models no file of a module imports drizzle-orm or the schema except for types,
 *   so services cannot query the database inline;
 * - nothing outside src/cli but tests imports from it: the CLI is an entry point, and the operator's commands that
 *   the server runs too live in src/operator-commands;
 * - a page's route or middleware under src/http receives the services it uses as parameters and never reads a
 *   service locator from the request's context;
 * - a module's repo uses only its own module's tables (TABLE_OWNERS); a statement that joins other modules' tables
 *   belongs in a read model, or is listed in FOREIGN_TABLES_ALLOWED with the reason it stays.
 */

const SOURCE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Modules whose files may import any module's repo: each of them joins several modules' tables and says why. */
const READ_MODEL_MODULES = new Set(['read-models']);

/**
 * Which module owns each table of src/db/schema.ts: the module whose repo writes it and is named after it. Tables of
 * the database layer itself (`db`) belong to no module.
 */
const TABLE_OWNERS: Record<string, string> = {
  tenants: 'tenants',
  tenantHosts: 'tenants',
  tenantLogos: 'tenants',
  identities: 'identities',
  memberships: 'memberships',
  grants: 'grants',
  grantCustomers: 'grants',
  grantMembers: 'grants',
  actionTokens: 'action-tokens',
  sessions: 'sessions',
  outbox: 'outbox',
  devMails: 'outbox',
  appSecrets: 'db',
  loginThrottles: 'throttling',
  auditEvents: 'audit',
  importJobs: 'imports',
  gdvImportJobs: 'gdv',
  readinessProbe: 'db',
  contentVersions: 'db',
  grantProfiles: 'profiles',
  grantProfileDelegations: 'profiles',
  secondFactors: 'second-factor',
  recoveryCodes: 'second-factor',
  apiKeys: 'api-keys',
  apiIdempotencyKeys: 'api-keys',
  apiRateCounters: 'api-keys',
  webhooks: 'webhooks',
  webhookDeliveries: 'webhooks',
  webhookAttempts: 'webhooks',
  customers: 'portfolio',
  customerReferenceAddresses: 'portfolio',
  customerIntermediaryAccounts: 'portfolio',
  contracts: 'portfolio',
  contractShares: 'portfolio',
  documents: 'documents',
  documentReads: 'documents',
  tenantKeywords: 'documents',
  documentNotifications: 'notifications',
  staffMessageNotifications: 'notifications',
  claims: 'claims',
  claimAttachments: 'claims',
  claimHistory: 'claims',
  claimSparteRoutes: 'claims',
  conversations: 'conversations',
  conversationMessages: 'conversations',
  conversationReads: 'conversations',
  dataExports: 'data-exports',
  consentDocuments: 'consents',
  consentDocumentVersions: 'consents',
  consents: 'consents',
  conversationAttachments: 'conversations',
};

/**
 * Repos that still use another module's table, `file: table`, each with the reason. Moving such a statement into a
 * read model (or asking the owning module's service) removes its line here; nothing new is to be added lightly.
 */
const FOREIGN_TABLES_ALLOWED = new Set([
  // The Protokoll shows the name and address of the person and the grant an event is about, joined per page as it
  // filters and sorts by them.
  'modules/audit/audit-repo.ts: identities',
  'modules/audit/audit-repo.ts: grants',
  // Delegation is a view over grants, their holders, the profiles that delegate and the colleagues' memberships:
  // the whole module's queries are joins of those tables.
  'modules/delegations/delegation-repo.ts: grantMembers',
  'modules/delegations/delegation-repo.ts: grantProfileDelegations',
  'modules/delegations/delegation-repo.ts: grantProfiles',
  'modules/delegations/delegation-repo.ts: grants',
  'modules/delegations/delegation-repo.ts: identities',
  'modules/delegations/delegation-repo.ts: memberships',
  // Merging two identities moves their grant memberships in the same statement batch; a person's tenants are listed
  // with the tenants' names for the portal chooser.
  'modules/memberships/membership-repo.ts: grantMembers',
  'modules/memberships/membership-repo.ts: tenants',
  // An identity is deleted only while no membership names it, checked in the same statement against an invitation.
  'modules/identities/identity-repo.ts: memberships',
  // The people pages' extra columns (grants, second factor, access at other brokers) and a person's invitation links,
  // on top of read-models/people-state-sql.
  'modules/people/people-repo.ts: actionTokens',
  'modules/people/people-repo.ts: grantMembers',
  'modules/people/people-repo.ts: memberships',
  'modules/people/people-repo.ts: secondFactors',
  // Which grants reach a customer, and a grant checked to be the tenant's before a contract is shared into it.
  'modules/portfolio/portfolio-directory-repo.ts: grantCustomers',
  'modules/portfolio/portfolio-directory-repo.ts: grants',
  'modules/portfolio/portfolio-repo.ts: grants',
  // Adviser and case handler are matched to the tenant's staff.
  'modules/portfolio/portfolio-repo.ts: memberships',
  // A session in a tenant is written with the tenant's absolute timeout, and listed with the tenant's limits.
  'modules/sessions/session-repo.ts: tenants',
  // Visibility decides what a person sees from their grants and the portfolio: every query joins both.
  'modules/visibility/visibility-repo.ts: contractShares',
  'modules/visibility/visibility-repo.ts: contracts',
  'modules/visibility/visibility-repo.ts: customerIntermediaryAccounts',
  'modules/visibility/visibility-repo.ts: customers',
  'modules/visibility/visibility-repo.ts: grantCustomers',
  'modules/visibility/visibility-repo.ts: grantMembers',
  'modules/visibility/visibility-repo.ts: grants',
  'modules/visibility/visibility-repo.ts: memberships',
  // The same decision as one statement per page (the policy's rules in SQL), for the portal's lists.
  'modules/visibility/visible-portfolio-repo.ts: contractShares',
  'modules/visibility/visible-portfolio-repo.ts: contracts',
  'modules/visibility/visible-portfolio-repo.ts: customerIntermediaryAccounts',
  'modules/visibility/visible-portfolio-repo.ts: customers',
  'modules/visibility/visible-portfolio-repo.ts: grantCustomers',
  'modules/visibility/visible-portfolio-repo.ts: grantMembers',
  'modules/visibility/visible-portfolio-repo.ts: grants',
  'modules/visibility/visible-portfolio-repo.ts: memberships',
  // One claim's decision as a column of the claim's own statement: its contract, that contract's shares and customer.
  'modules/visibility/visible-claim-repo.ts: contractShares',
  'modules/visibility/visible-claim-repo.ts: contracts',
  'modules/visibility/visible-claim-repo.ts: customerIntermediaryAccounts',
  'modules/visibility/visible-claim-repo.ts: customers',
]);

interface SourceFile {
  /** Relative to src/, with forward slashes: `modules/people/people-service.ts`. */
  path: string;
  text: string;
}

interface ImportOf {
  specifier: string;
  typeOnly: boolean;
}

/** `import` or `export`, `type` or not, the names (default, `{ … }` over several lines, `* as x`), the specifier. */
const IMPORTED_NAMES = String.raw`(?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?)|[\w$]+`;
const STATIC_IMPORT = new RegExp(
  String.raw`^\s*(import|export)\s+(type\s+)?(${IMPORTED_NAMES})\s+from\s+['"]([^'"]+)['"]`,
  'gm',
);
const BARE_IMPORT = /^\s*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import and re-export of a source, type-only when the statement or each of its names says `type`. */
function importsOf(text: string): ImportOf[] {
  const found: ImportOf[] = [];
  for (const match of text.matchAll(STATIC_IMPORT)) {
    const names = required(match[3]);
    const eachNameIsType =
      names.startsWith('{') &&
      names
        .slice(1, -1)
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '')
        .every((name) => name.startsWith('type '));
    found.push({ specifier: required(match[4]), typeOnly: match[2] !== undefined || eachNameIsType });
  }
  for (const match of text.matchAll(BARE_IMPORT)) {
    found.push({ specifier: required(match[1]), typeOnly: false });
  }
  for (const match of text.matchAll(DYNAMIC_IMPORT)) {
    found.push({ specifier: required(match[1]), typeOnly: false });
  }
  return found;
}

/** The imported file relative to src/ without its extension, or null for a package. */
function resolved(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) {
    return null;
  }
  return posix.join(posix.dirname(from), specifier).replace(/\.(js|ts|tsx)$/, '');
}

const moduleOf = (path: string): string | null => /^modules\/([^/]+)\//.exec(path)?.[1] ?? null;

/** The rule breaks in these files, one line each: `file: what it imports (why not)`. */
function boundaryViolations(files: SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const ownModule = moduleOf(file.path);
    const isTest = /\.test\.tsx?$/.test(file.path);
    const isRepoOrReadModel = /-repo\.ts$/.test(file.path) || (ownModule !== null && READ_MODEL_MODULES.has(ownModule));
    for (const { specifier, typeOnly } of importsOf(file.text)) {
      const target = resolved(file.path, specifier);
      const targetModule = target === null ? null : moduleOf(`${target}.ts`);
      if (
        ownModule !== null &&
        !READ_MODEL_MODULES.has(ownModule) &&
        targetModule !== null &&
        targetModule !== ownModule &&
        /-repo$/.test(required(target))
      ) {
        violations.push(`${file.path}: ${specifier} (another module's repo; use its service or a read model)`);
      }
      const isDatabaseAccess = specifier === 'drizzle-orm' || target === 'db/schema';
      if (ownModule !== null && !isTest && !isRepoOrReadModel && !typeOnly && isDatabaseAccess) {
        violations.push(`${file.path}: ${specifier} (queries belong in the module's repo)`);
      }
      if (!file.path.startsWith('cli/') && !isTest && target !== null && target.startsWith('cli/')) {
        violations.push(`${file.path}: ${specifier} (the CLI is an entry point; shared code lives below it)`);
      }
    }
  }
  return violations;
}

/** A page's route or middleware reading the whole service locator from the request's context. */
const SERVICE_LOCATOR_READ =
  /\.\s*get\(\s*['"`]services['"`]\s*\)|\.\s*var\s*(?:\.\s*services\b|\[\s*['"`]services['"`]\s*\])/;

/** Route and middleware files under src/http that read `services` from the context, one line each. */
function serviceLocatorReads(files: SourceFile[]): string[] {
  return files
    .filter((file) => file.path.startsWith('http/') && !/\.test\.tsx?$/.test(file.path))
    .filter((file) => SERVICE_LOCATOR_READ.test(file.text))
    .map((file) => `${file.path}: reads services from the context (take the services as the factory's parameters)`);
}

/** The tables' names in SQL (`grant_members`) to their names in the schema (`grantMembers`), read from schema.ts. */
const TABLES_BY_SQL_NAME = new Map(
  [
    ...readFileSync(join(SOURCE_ROOT, 'db/schema.ts'), 'utf8').matchAll(
      /^export const ([\w$]+) = pgTable\(\s*'([a-z_]+)'/gm,
    ),
  ].map((match) => [required(match[2]), required(match[1])]),
);

/** Statements written as SQL text: `from grant_members gm`, `join tenants t`, `update sessions`, `into outbox`. */
const SQL_TABLE_REFERENCE = /\b(?:from|join|into|update)\s+"?([a-z_]+)"?(?![\w(])/gi;

/**
 * The schema's tables a file uses: named imports (not types) from db/schema, `ns.table` after `import * as ns`, and
 * tables named in SQL text (comments left out).
 */
function schemaTablesOf(file: SourceFile): string[] {
  const tables = new Set<string>();
  const code = file.text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const match of code.matchAll(SQL_TABLE_REFERENCE)) {
    const table = TABLES_BY_SQL_NAME.get(required(match[1]).toLowerCase());
    if (table !== undefined) {
      tables.add(table);
    }
  }
  for (const match of file.text.matchAll(STATIC_IMPORT)) {
    if (resolved(file.path, required(match[4])) !== 'db/schema' || match[2] !== undefined) {
      continue;
    }
    const names = required(match[3]);
    const namespace = /^\*\s+as\s+([\w$]+)$/.exec(names)?.[1];
    if (namespace !== undefined) {
      for (const use of file.text.matchAll(new RegExp(String.raw`\b${namespace}\s*\.\s*([\w$]+)`, 'g'))) {
        tables.add(required(use[1]));
      }
      continue;
    }
    for (const name of names.replace(/^\{|\}$/g, '').split(',')) {
      const imported =
        name
          .trim()
          .split(/\s+as\s+/)[0]
          ?.trim() ?? '';
      if (imported !== '' && !imported.startsWith('type ')) {
        tables.add(imported);
      }
    }
  }
  return [...tables].filter((name) => name in TABLE_OWNERS);
}

/** Repos (outside the read models) using a table another module owns and not allowed for it, one line each. */
function foreignTableUses(files: SourceFile[], allowed: ReadonlySet<string> = FOREIGN_TABLES_ALLOWED): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const ownModule = moduleOf(file.path);
    if (ownModule === null || READ_MODEL_MODULES.has(ownModule) || !/-repo\.ts$/.test(file.path)) {
      continue;
    }
    for (const table of schemaTablesOf(file)) {
      const owner = required(TABLE_OWNERS[table]);
      const entry = `${file.path}: ${table}`;
      if (owner !== ownModule && !allowed.has(entry)) {
        violations.push(`${entry} (owned by ${owner}; join it in a read model or ask its service)`);
      }
    }
  }
  return violations;
}

function sourcesUnder(directory: string): SourceFile[] {
  return readdirSync(join(SOURCE_ROOT, directory), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => {
      const absolute = join(entry.parentPath, entry.name);
      return { path: relative(SOURCE_ROOT, absolute).split('\\').join('/'), text: readFileSync(absolute, 'utf8') };
    });
}

describe('module boundaries', () => {
  it('holds for every file in src/', () => {
    const files = sourcesUnder('.');
    expect(files.filter((file) => file.path.startsWith('modules/')).length).toBeGreaterThan(100);
    expect(boundaryViolations(files)).toEqual([]);
  });

  it('notices a module importing another module’s repo, however the import is written', () => {
    const violations = boundaryViolations([
      {
        path: 'modules/people/people-service.ts',
        text: [
          "import { createMembershipQueries } from '../memberships/membership-repo.js';",
          'import {',
          '  type Identity,',
          '  createIdentityQueries,',
          "} from '../identities/identity-repo.js';",
          "import type { GrantKind } from '../grants/grant-repo.js';",
          "export * from '../audit/audit-repo.js';",
          "const later = () => import('../sessions/session-repo.js');",
        ].join('\n'),
      },
      {
        path: 'modules/imports/deep/helper.ts',
        text: "import { createGrantAdminQueries } from '../../grants/grant-repo.js';",
      },
    ]);
    expect(violations.map((line) => line.split(' (')[0])).toEqual([
      'modules/people/people-service.ts: ../memberships/membership-repo.js',
      'modules/people/people-service.ts: ../identities/identity-repo.js',
      'modules/people/people-service.ts: ../grants/grant-repo.js',
      'modules/people/people-service.ts: ../audit/audit-repo.js',
      'modules/people/people-service.ts: ../sessions/session-repo.js',
      'modules/imports/deep/helper.ts: ../../grants/grant-repo.js',
    ]);
  });

  it('lets a module use its own repo, other modules’ services, and read models use any repo', () => {
    expect(
      boundaryViolations([
        {
          path: 'modules/people/people-service.ts',
          text: [
            "import { createPeopleQueries } from './people-repo.js';",
            "import { membershipsIn } from '../memberships/membership-service.js';",
            "import { statedPeople } from '../read-models/people-state-sql.js';",
          ].join('\n'),
        },
        {
          path: 'modules/read-models/overview.ts',
          text: "import { createMembershipQueries } from '../memberships/membership-repo.js';",
        },
        { path: 'http/routes/x.ts', text: "import { createGrantQueries } from '../../modules/grants/grant-repo.js';" },
      ]),
    ).toEqual([]);
  });

  it('notices a service querying the database inline, but not a type taken from the schema', () => {
    const violations = boundaryViolations([
      {
        path: 'modules/profiles/profile-service.ts',
        text: "import { and, eq } from 'drizzle-orm';\nimport { grantProfiles } from '../../db/schema.js';",
      },
      { path: 'modules/portfolio/portfolio.ts', text: "import type { ContactPerson } from '../../db/schema.js';" },
      { path: 'modules/portfolio/view.ts', text: "import { type SQL } from 'drizzle-orm';" },
      { path: 'modules/profiles/profile-repo.ts', text: "import { and, eq } from 'drizzle-orm';" },
      { path: 'modules/profiles/profile.test.ts', text: "import { sql } from 'drizzle-orm';" },
    ]);
    expect(violations.map((line) => line.split(' (')[0])).toEqual([
      'modules/profiles/profile-service.ts: drizzle-orm',
      'modules/profiles/profile-service.ts: ../../db/schema.js',
    ]);
  });

  it('finds no page route or middleware reading the services from the context', () => {
    const files = sourcesUnder('http');
    expect(files.filter((file) => file.path.startsWith('http/routes/')).length).toBeGreaterThan(20);
    expect(serviceLocatorReads(files)).toEqual([]);
  });

  it('notices a route reading the service locator from the context, however it is written', () => {
    const violations = serviceLocatorReads([
      { path: 'http/routes/a-routes.tsx', text: "const rows = await c.get('services').audit.listForTenant(id);" },
      { path: 'http/routes/b-routes.tsx', text: "const { people } = c\n  .get( 'services' );" },
      { path: 'http/middleware/c.ts', text: 'const tenants = c.var.services.tenants;' },
      { path: 'http/client-address.ts', text: "return c.var['services'].config;" },
      { path: 'http/routes/d-routes.tsx', text: 'export function dRoutes({ audit }: Pick<Services, "audit">) {}' },
      { path: 'http/routes/e-routes.test.ts', text: "c.set('services', services); c.get('services');" },
      { path: 'api/api-router.ts', text: "c.get('services').grants.listGrants(id);" },
    ]);
    expect(violations.map((line) => line.split(':')[0])).toEqual([
      'http/routes/a-routes.tsx',
      'http/routes/b-routes.tsx',
      'http/middleware/c.ts',
      'http/client-address.ts',
    ]);
  });

  it('names an owner for every table of the schema', () => {
    const schema = readFileSync(join(SOURCE_ROOT, 'db/schema.ts'), 'utf8');
    const tables = [...schema.matchAll(/^export const ([\w$]+) = pgTable\(/gm)].map((match) => required(match[1]));
    expect(tables.length).toBeGreaterThan(30);
    expect(Object.keys(TABLE_OWNERS).sort()).toEqual(tables.sort());
  });

  it('finds no repo using another module’s table beyond the listed ones, and no stale entry in that list', () => {
    const files = sourcesUnder('modules');
    expect(foreignTableUses(files)).toEqual([]);
    const used = new Set(files.flatMap((file) => schemaTablesOf(file).map((table) => `${file.path}: ${table}`)));
    expect([...FOREIGN_TABLES_ALLOWED].filter((entry) => !used.has(entry))).toEqual([]);
  });

  it('notices a repo using another module’s table, imported by name or through a namespace', () => {
    const violations = foreignTableUses(
      [
        {
          path: 'modules/webhooks/webhook-repo.ts',
          text: "import { grants as g, webhooks, type Contract } from '../../db/schema.js';\nconst x = g.id;",
        },
        {
          path: 'modules/people/people-repo.ts',
          text: "import * as schema from '../../db/schema.js';\nfrom(schema.memberships).join(schema.tenants);",
        },
        { path: 'modules/audit/audit-repo.ts', text: "import { auditEvents, identities } from '../../db/schema.js';" },
        {
          path: 'modules/sessions/session-repo.ts',
          text: '// joins grant_members later\nsql`select 1 from grant_members gm join sessions s on true`;',
        },
        { path: 'modules/audit/audit-service.ts', text: "import type { identities } from '../../db/schema.js';" },
        { path: 'modules/read-models/x.ts', text: "import { grants, identities } from '../../db/schema.js';" },
        { path: 'modules/grants/grant-repo.ts', text: "import type { identities } from '../../db/schema.js';" },
      ],
      new Set(['modules/audit/audit-repo.ts: identities']),
    );
    expect(violations.map((line) => line.split(' (')[0])).toEqual([
      'modules/webhooks/webhook-repo.ts: grants',
      'modules/people/people-repo.ts: memberships',
      'modules/people/people-repo.ts: tenants',
      'modules/sessions/session-repo.ts: grantMembers',
    ]);
  });

  it('notices code outside the CLI importing from it', () => {
    expect(
      boundaryViolations([
        { path: 'server.ts', text: "import { startControlChannel } from './cli/control-channel.js';" },
        { path: 'http/app.ts', text: "import type { CommandName } from '../cli/commands.js';" },
        { path: 'cli/run-command.ts', text: "import { sendCommand } from '../operator-commands/control-channel.js';" },
        { path: 'cli/index.ts', text: "import { exitWithError } from './cli-environment.js';" },
      ]).map((line) => line.split(' (')[0]),
    ).toEqual(['server.ts: ./cli/control-channel.js', 'http/app.ts: ../cli/commands.js']);
  });
});
