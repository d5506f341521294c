import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { contracts, customers, tenants } from '../../src/db/schema.js';
import { address, contract, digits, gdvFile, gdvRecord, nachsatz, text, vorsatz } from '../support/gdv-file.js';
import { startPorticoProcess } from '../support/portico-process.js';
import { startSmtpReceiver } from '../support/smtp-receiver.js';
import {
  copyPortal,
  keepPortal,
  newStoppedPortal,
  removePortal,
  type PortalSnapshot,
} from '../support/stopped-portal.js';
import { databaseKind, type TestDatabase } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const execFileAsync = promisify(execFile);
const CLI = join(import.meta.dirname, '../../dist/cli/index.js');
/** The Absender of the test files' Vorsatz (test/support/gdv-file.ts). */
const INSURER = 'Muster Versicherung AG';

/**
 * Lines: 1–2 Vorsatz, 3–4 Müller, 5–6 HV1, 7–8 Müller again, 9–10 HV2 (Hauptfälligkeit 31.02.),
 * 11–12 Weiß, 13–14 HV3, 15 Satzart 0888, 16–17 Müller once more, 18–19 HV4, 20 the Nachsatz cut short: the file
 * ends mid-record, as a transfer that broke off leaves it.
 */
function brokerFile(): Buffer {
  const mueller = { intermediaryCustomerNumber: 'K-1001', name1: 'Müller', name3: 'Jürgen', city: 'München' };
  const weiss = {
    intermediaryCustomerNumber: 'K-1002',
    name1: 'Weiß',
    name3: 'Šárka',
    city: 'Köln',
    street: 'Hohe Straße 5',
    postcode: '50667',
  };
  const body = [
    ...address({ ...mueller, vsnr: 'HV1', sparte: '030' }),
    ...contract({ vsnr: 'HV1', netPremium: digits(1000, 12) }),
    ...address({ ...mueller, vsnr: 'HV2', sparte: '030' }),
    ...contract({ vsnr: 'HV2', mainDueDate: '31022025', netPremium: digits(2000, 12) }),
    ...address({ ...weiss, vsnr: 'HV3', sparte: '040' }),
    ...contract({ vsnr: 'HV3', sparte: '040', netPremium: digits(3000, 12) }),
    gdvRecord('0888', [
      [5, text('9999', 5)],
      [256, '1'],
    ]),
    ...address({ ...mueller, vsnr: 'HV4', sparte: '030' }),
    ...contract({ vsnr: 'HV4', netPremium: digits(4000, 12), productName: 'Hausrat Premium' }),
  ];
  return gdvFile([...vorsatz(), ...body, nachsatz(body.length, 10_000).slice(0, 120)]);
}

/** Another broker's file: a customer with the same number as the first broker's Müller. */
function otherFile(): Buffer {
  const body = [
    ...address({ intermediaryCustomerNumber: 'K-1001', name1: 'Andere', name3: 'Anna', vsnr: 'XY9' }),
    ...contract({ vsnr: 'XY9', netPremium: digits(500, 12) }),
  ];
  return gdvFile([...vorsatz(), ...body, nachsatz(body.length, 500)]);
}

/**
 * Each test starts the CLI (a fresh Node and, on the embedded database, PGlite) up to seven times; a busy machine needs
 * minutes.
 */
const CLI_RUNS_TIMEOUT = 180_000;

describe(`portico import gdv (${databaseKind})`, { timeout: CLI_RUNS_TIMEOUT }, () => {
  let dataDir: string;
  let database: TestDatabase | null;

  /** The tests that begin with two tenants work on copies of this, built once by the CLI itself. */
  let twoTenants: PortalSnapshot | null = null;

  beforeAll(async () => {
    let portal = await newStoppedPortal();
    try {
      ({ dataDir, database } = portal);
      await createTenants();
      ({ kept: twoTenants, portal } = await keepPortal(portal));
    } finally {
      await removePortal(portal);
    }
  });
  afterAll(async () => {
    if (twoTenants !== null) {
      await removePortal(twoTenants);
    }
  });
  afterEach(async () => {
    await removePortal({ dataDir, database });
  });

  /** This test's portal: an empty one, or a copy of the one with two tenants. */
  async function startFrom(name: 'empty' | 'twoTenants'): Promise<void> {
    ({ dataDir, database } = name === 'empty' ? await newStoppedPortal() : await copyPortal(required(twoTenants)));
  }

  async function portico(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = {
      PATH: process.env['PATH'] ?? '',
      DATA_DIR: dataDir,
      PLATFORM_URL: 'http://localhost:3999',
      ...database?.environment,
    };
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  /** The CLI has exited, so on the embedded database the data folder is free to open here. */
  async function inDatabase<T>(read: (db: Database) => Promise<T>): Promise<T> {
    if (database !== null) return read(database.handle.db);
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    try {
      return await read(handle.db);
    } finally {
      await handle.close();
    }
  }

  async function portfolioOf(slug: string) {
    return inDatabase(async (db) => {
      const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
      const people = await db
        .select({
          number: customers.customerNumber,
          firstName: customers.firstName,
          lastName: customers.lastName,
          city: customers.city,
        })
        .from(customers)
        .where(eq(customers.tenantId, required(tenant).id))
        .orderBy(asc(customers.customerNumber));
      const policies = await db
        .select({
          policy: contracts.policyNumber,
          sparte: contracts.lineOfBusiness,
          premium: contracts.premiumNetCents,
          product: contracts.productName,
          insurer: contracts.insurerName,
          due: contracts.mainDueDate,
        })
        .from(contracts)
        .where(eq(contracts.tenantId, required(tenant).id))
        .orderBy(asc(contracts.policyNumber));
      return { people, policies };
    });
  }

  async function createTenants(): Promise<void> {
    for (const slug of ['acme', 'other']) {
      expect(
        (
          await portico(
            'tenant',
            'create',
            '--slug',
            slug,
            '--name',
            `${slug} Makler`,
            '--host',
            `${slug}.localhost:3999`,
          )
        ).code,
      ).toBe(0);
    }
  }

  it('imports the good records, names the lines of the bad ones, and changes nothing when run again', async () => {
    await startFrom('twoTenants');
    const file = join(dataDir, 'bestand.gdv');
    writeFileSync(file, brokerFile());
    const others = join(dataDir, 'andere.gdv');
    writeFileSync(others, otherFile());
    expect((await portico('import', 'gdv', '--tenant', 'other', others)).code).toBe(0);
    const otherBefore = await portfolioOf('other');

    const first = await portico('import', 'gdv', '--tenant', 'acme', file);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /^Line 9 \(Satzart 0200, Hauptfälligkeit\): DATE_INVALID: Hauptfälligkeit: Den 31.02.2025 gibt es nicht$/m,
    );
    expect(first.stderr).toMatch(/^Line 20 \(Satzart 9999\): RECORD_LENGTH: Der Satz hat 120 statt 256 Zeichen$/m);
    expect(first.stderr).toMatch(/^Line 1 \(Satzart 9999\): NACHSATZ_MISSING: /m);
    expect(first.stdout).toContain(
      'customers 2 (2 new, 0 updated), contracts 3 (3 new, 0 updated); records skipped by Satzart: 0888 ×1; errors: 3',
    );
    expect(first.stdout).toContain('3 records or items were not imported');

    const expected = {
      people: [
        { number: 'K-1001', firstName: 'Jürgen', lastName: 'Müller', city: 'München' },
        { number: 'K-1002', firstName: 'Šárka', lastName: 'Weiß', city: 'Köln' },
      ],
      policies: [
        {
          policy: 'HV1',
          sparte: '030',
          premium: 1000,
          product: 'PHV Komfort Plus',
          due: '2025-01-01',
          insurer: INSURER,
        },
        {
          policy: 'HV3',
          sparte: '040',
          premium: 3000,
          product: 'PHV Komfort Plus',
          due: '2025-01-01',
          insurer: INSURER,
        },
        {
          policy: 'HV4',
          sparte: '030',
          premium: 4000,
          product: 'Hausrat Premium',
          due: '2025-01-01',
          insurer: INSURER,
        },
      ],
    };
    expect(await portfolioOf('acme')).toEqual(expected);

    const second = await portico('import', 'gdv', '--tenant', 'acme', file);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('customers 2 (0 new, 2 updated), contracts 3 (0 new, 3 updated)');
    expect(await portfolioOf('acme')).toEqual(expected);
    expect(await portfolioOf('other')).toEqual(otherBefore);
    expect(otherBefore.people).toEqual([{ number: 'K-1001', firstName: 'Anna', lastName: 'Andere', city: 'München' }]);
  });

  it('reports an item the portfolio refuses with the line it came from', async () => {
    await startFrom('twoTenants');
    const body = [
      ...address({ intermediaryCustomerNumber: 'K-7', vsnr: 'AB-12', sparte: '030' }),
      ...contract({ vsnr: 'AB-12' }),
    ];
    const file = join(dataDir, 'vsnr.gdv');
    writeFileSync(file, gdvFile([...vorsatz(), ...body, nachsatz(body.length, 12345)]));
    const result = await portico('import', 'gdv', '--tenant', 'acme', file);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Line 5 \(Satzart 0200\) not imported: POLICY_NUMBER_INVALID: /m);
    expect(result.stdout).toContain('customers 1 (1 new, 0 updated), contracts 0 (0 new, 0 updated)');
  });

  it('ends with one line and exit code 1 when the file or the tenant cannot be read', async () => {
    await startFrom('twoTenants');
    const missing = await portico('import', 'gdv', '--tenant', 'acme', join(dataDir, 'gibt-es-nicht.gdv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^Error: Cannot read .*gibt-es-nicht\.gdv/);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);

    const csv = join(dataDir, 'kunden.csv');
    writeFileSync(csv, 'email;name\nkunde@example.com;Karla Kunde\n');
    const notGdv = await portico('import', 'gdv', '--tenant', 'acme', csv);
    expect(notGdv.code).toBe(1);
    expect(notGdv.stderr.trim().split('\n').at(-1)).toBe(
      `Error: ${csv} is no GDV file: it has no Vorsatz (Satzart 0001); nothing was imported`,
    );

    const file = join(dataDir, 'bestand.gdv');
    writeFileSync(file, brokerFile());
    const unknown = await portico('import', 'gdv', '--tenant', 'nope', file);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('Error: No tenant with slug "nope"');
    expect((await portfolioOf('acme')).people).toEqual([]);
  });

  it('imports while the portal runs: on the embedded database through its command channel', async () => {
    await startFrom('empty');
    const smtp = await startSmtpReceiver();
    const portal = await startPorticoProcess({ smtpUrl: smtp.url, database: database ?? { environment: {} }, dataDir });
    try {
      expect(
        (
          await portal.runCli([
            'tenant',
            'create',
            '--slug',
            'acme',
            '--name',
            'Acme Makler',
            '--host',
            'acme.localhost:3999',
          ])
        ).code,
      ).toBe(0);
      const file = join(dataDir, 'bestand.gdv');
      writeFileSync(file, brokerFile());
      const first = await portal.runCli(['import', 'gdv', '--tenant', 'acme', file]);
      expect(first.code).toBe(0);
      expect(first.stderr).toMatch(/^Line 9 \(Satzart 0200, Hauptfälligkeit\): DATE_INVALID: /m);
      expect(first.stdout).toContain('customers 2 (2 new, 0 updated), contracts 3 (3 new, 0 updated)');
      const second = await portal.runCli(['import', 'gdv', '--tenant', 'acme', file]);
      expect(second.stdout).toContain('customers 2 (0 new, 2 updated), contracts 3 (0 new, 3 updated)');
    } finally {
      await portal.stop({ keepDataDir: true });
      await smtp.close();
    }
    const portfolio = await portfolioOf('acme');
    expect(portfolio.policies.map((policy) => policy.policy)).toEqual(['HV1', 'HV3', 'HV4']);
    expect(portfolio.people.map((person) => person.number)).toEqual(['K-1001', 'K-1002']);
  });
});
