import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { openRuntime } from '../../src/runtime.js';
import { required } from '../../src/shared/required.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import {
  copyPortal,
  keepPortal,
  newStoppedPortal,
  removePortal,
  type PortalSnapshot,
  type StoppedPortal,
} from '../support/stopped-portal.js';
import { databaseKind, type TestDatabase } from '../support/test-database.js';

const execFileAsync = promisify(execFile);
const CLI = join(import.meta.dirname, '../../dist/cli/index.js');

type CliResult = { code: number; stdout: string; stderr: string };

/** Runs the CLI as an operator does: a process of its own, with nothing but the portal's settings. */
async function runCli(
  portal: StoppedPortal & { smtpUrl: string },
  environment: Record<string, string>,
  args: string[],
): Promise<CliResult> {
  const env = {
    PATH: process.env['PATH'] ?? '',
    ...environment,
    DATA_DIR: portal.dataDir,
    SMTP_URL: portal.smtpUrl,
    MAIL_FROM: 'portal@portico.test',
    PLATFORM_URL: 'http://localhost:3999',
    ...portal.database?.environment,
  };
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const CREATE_ACME = [
  'tenant',
  'create',
  '--slug',
  'acme',
  '--name',
  'Acme Makler GmbH',
  '--host',
  'acme.localhost:3999',
  '--host',
  'portal.acme.example',
];
const INVITE_MIA = [
  'staff',
  'invite',
  '--tenant',
  'acme',
  '--email',
  'mitarbeiterin@acme.example',
  '--name',
  'Mia Arbeit',
  '--role',
  'admin',
];
const INVITE_KARLA = [
  'invite',
  '--tenant',
  'acme',
  '--email',
  'kunde@example.com',
  '--name',
  'Karla Kunde',
  '--kind',
  'policyholder',
];

/** The CLI as an operator runs it, against a portal that is not running. */
// Every test runs CLI processes one after another, each loading Portico; on a busy machine that takes seconds each.
describe(`portico CLI (${databaseKind})`, { timeout: 90_000 }, () => {
  let dataDir: string;
  let smtp: SmtpReceiver;
  let database: TestDatabase | null;

  /**
   * The CLI's answers (lists, counts, the audit) depend on all that exists, so each test starts from
   * a portal of its own: a copy of one of these, built once by the CLI itself, so that the commands
   * a test is about are the only ones it runs.
   */
  const snapshots: Record<'empty' | 'acme' | 'acmeWithMia' | 'acmeWithMiaAndKarla', PortalSnapshot | null> = {
    empty: null,
    acme: null,
    acmeWithMia: null,
    acmeWithMiaAndKarla: null,
  };

  beforeAll(async () => {
    const setupSmtp = await startSmtpReceiver();
    let portal = await newStoppedPortal();
    try {
      const keep = async (): Promise<PortalSnapshot> => {
        const next = await keepPortal(portal);
        portal = next.portal;
        return next.kept;
      };
      const step = async (args: string[]): Promise<void> => {
        const result = await runCli({ ...portal, smtpUrl: setupSmtp.url }, {}, args);
        expect(result.code, result.stderr).toBe(0);
      };
      snapshots.empty = await keep();
      await step(CREATE_ACME);
      snapshots.acme = await keep();
      await step(INVITE_MIA);
      snapshots.acmeWithMia = await keep();
      await step(INVITE_KARLA);
      snapshots.acmeWithMiaAndKarla = await keep();
    } finally {
      await removePortal(portal);
      await setupSmtp.close();
    }
  });
  afterAll(async () => {
    for (const snapshot of Object.values(snapshots)) {
      if (snapshot !== null) {
        await removePortal(snapshot);
      }
    }
  });

  beforeEach(async () => {
    smtp = await startSmtpReceiver();
  });
  afterEach(async () => {
    await smtp.close();
    await removePortal({ dataDir, database });
  });

  /** This test's portal: a copy of a snapshot. */
  async function startFrom(name: keyof typeof snapshots): Promise<void> {
    ({ dataDir, database } = await copyPortal(required(snapshots[name])));
  }

  function portico(...args: string[]): Promise<CliResult> {
    return porticoIn({}, ...args);
  }

  function porticoIn(environment: Record<string, string>, ...args: string[]): Promise<CliResult> {
    return runCli({ dataDir, database, smtpUrl: smtp.url }, environment, args);
  }

  function createAcme(): Promise<CliResult> {
    return portico(...CREATE_ACME);
  }

  it('explains every command with --help', async () => {
    await startFrom('empty');
    for (const command of [
      [],
      ['start'],
      ['migrate'],
      ['tenant', 'create'],
      ['invite'],
      ['user', 'set-email'],
      ['user', 'unlock'],
      ['audit'],
      ['staff', 'invite'],
      ['outbox', 'status'],
      ['outbox', 'retry'],
      ['worker'],
      ['tenant', 'list'],
      ['user', 'show'],
      ['staff', 'list'],
    ]) {
      const result = await portico(...command, '--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: portico');
    }
  });

  it('creates a tenant and refuses a taken slug or host with one line', async () => {
    await startFrom('empty');
    const created = await createAcme();
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(
      'Created tenant "Acme Makler GmbH" (acme) on acme.localhost:3999, portal.acme.example',
    );

    const taken = await portico(
      'tenant',
      'create',
      '--slug',
      'acme',
      '--name',
      'Noch eine',
      '--host',
      'other.localhost:3999',
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr.trim()).toBe('Error: A tenant with slug "acme" exists already');
    const hostTaken = await portico(
      'tenant',
      'create',
      '--slug',
      'beta',
      '--name',
      'Beta',
      '--host',
      'ACME.localhost:3999',
    );
    expect(hostTaken.code).toBe(1);
    expect(hostTaken.stderr.trim()).toBe('Error: Host acme.localhost:3999 is already in use');
    const badHost = await portico(
      'tenant',
      'create',
      '--slug',
      'gamma',
      '--name',
      'Gamma',
      '--host',
      'http://gamma.example/',
    );
    expect(badHost.code).toBe(1);
    expect(badHost.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('invites a person and delivers the mail before it exits', async () => {
    await startFrom('acme');
    const result = await portico(
      'invite',
      '--tenant',
      'acme',
      '--email',
      'Kunde@Example.com',
      '--name',
      'Karla Kunde',
      '--kind',
      'policyholder',
      '--grant',
      'Familie Kunde',
      '--customer',
      '100234',
      '--customer',
      '100235',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Invited Kunde@Example.com to Acme Makler GmbH with grant "Familie Kunde"');
    const mail = await smtp.waitForMail('kunde@example.com');
    expect(mail.text).toContain('http://acme.localhost:3999/set-password?token=');
  });

  it('refuses bad input with one line and a non-zero exit', async () => {
    await startFrom('acme');
    const cases: [string[], string][] = [
      [
        ['invite', '--tenant', 'nope', '--email', 'a@example.com', '--name', 'A', '--kind', 'policyholder'],
        'Error: No tenant with slug "nope"',
      ],
      [
        ['invite', '--tenant', 'acme', '--email', 'not-an-address', '--name', 'A', '--kind', 'policyholder'],
        'Error: Invalid e-mail address "not-an-address"',
      ],
      [
        ['invite', '--tenant', 'acme', '--email', 'a@example.com', '--name', ' ', '--kind', 'policyholder'],
        'Error: Invalid name',
      ],
      [
        ['user', 'set-email', '--email', 'nobody@example.com', '--new-email', 'new@example.com'],
        'Error: No person with address nobody@example.com',
      ],
      [['user', 'unlock', '--email', 'nobody@example.com'], 'Error: No person with address nobody@example.com'],
    ];
    for (const [args, message] of cases) {
      const result = await portico(...args);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toContain(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    const badKind = await portico(
      'invite',
      '--tenant',
      'acme',
      '--email',
      'a@example.com',
      '--name',
      'A',
      '--kind',
      'admin',
    );
    expect(badKind.code).not.toBe(0);
    expect(badKind.stderr).toContain('Allowed choices are policyholder, intermediary');
  });

  it('invites staff with a role and no grant', async () => {
    await startFrom('acme');
    const result = await portico(
      'staff',
      'invite',
      '--tenant',
      'acme',
      '--email',
      'mitarbeiterin@acme.example',
      '--name',
      'Mia Arbeit',
      '--role',
      'admin',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Invited mitarbeiterin@acme.example as staff (admin) of Acme Makler GmbH');
    expect((await smtp.waitForMail('mitarbeiterin@acme.example')).subject).toContain('Acme Makler GmbH');
  });

  it('changes an address and sends the confirmation there', async () => {
    await startFrom('acme');
    expect(
      (
        await portico(
          'invite',
          '--tenant',
          'acme',
          '--email',
          'kunde@example.com',
          '--name',
          'Karla Kunde',
          '--kind',
          'policyholder',
        )
      ).code,
    ).toBe(0);
    await smtp.waitForMail('kunde@example.com');
    const result = await portico(
      'user',
      'set-email',
      '--email',
      'kunde@example.com',
      '--new-email',
      'karla@example.com',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Changed the address to karla@example.com');
    const mail = await smtp.waitForMail('karla@example.com');
    expect(mail.text).toContain('http://acme.localhost:3999/');
  });

  it('invites everybody in a CSV file with progress and a summary, and says which rows it skipped', async () => {
    await startFrom('acme');
    const file = join(dataDir, 'kunden.csv');
    writeFileSync(
      file,
      [
        'email;name;kind;customer_numbers;grant',
        'csv1@example.com;Carla Eins;Versicherungsnehmer;200001|200002;Familie Eins',
        'falsch;Fehler Zeile;;;',
        'csv2@example.com;Conny Zwei;Vermittler;;',
        'karla@example.com;Karla Kunde;;;',
      ].join('\n'),
    );
    const result = await portico('invite', '--tenant', 'acme', '--csv', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Row 3 skipped: E-Mail-Adresse „falsch“ ist ungültig');
    expect(result.stderr).toContain('3/3 rows');
    expect(result.stdout).toContain(
      `Imported ${file}: 3 invited, 0 already had a password and have access now, 0 already invited (nothing ` +
        'sent again), 1 row not imported',
    );
    expect((await smtp.waitForMail('csv1@example.com')).text).toContain('/set-password?token=');
    expect((await smtp.waitForMail('csv2@example.com')).subject).toContain('Acme Makler GmbH');

    // The same file again (after a crash, or by mistake): the people are recognised, nobody gets a second link.
    const mailsBefore = smtp.mails.length;
    const again = await portico('invite', '--tenant', 'acme', '--csv', file);
    expect(again.stdout).toContain(
      `Imported ${file}: 0 invited, 0 already had a password and have access now, 3 already invited (nothing ` +
        'sent again), 1 row not imported',
    );
    expect(again.stdout).toContain('Row 2: already invited to this grant; nothing sent again');
    expect(again.stdout).not.toContain('Delivered');
    expect(smtp.mails.length).toBe(mailsBefore);

    const unusable = join(dataDir, 'leer.csv');
    writeFileSync(unusable, 'vorname,nachname\nA,B');
    const refused = await portico('invite', '--tenant', 'acme', '--csv', unusable);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^Error: Die erste Zeile muss die Spaltennamen enthalten/);
    const missing = await portico('invite', '--tenant', 'acme', '--csv', join(dataDir, 'gibt-es-nicht.csv'));
    expect(missing.stderr.trim()).toMatch(/^Error: Cannot read .*gibt-es-nicht\.csv/);
    const neither = await portico('invite', '--tenant', 'acme');
    expect(neither.stderr.trim()).toBe('Error: Missing --email, --name, --kind (or use --csv <file>)');
  });

  it("prints its version, and the option parser's errors with the same prefix as every other error", async () => {
    await startFrom('empty');
    const version = await portico('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const unknown = await portico('audit', '--tenant', 'acme', '--bogus');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^Error: unknown option '--bogus'/);
  });

  it('lists the tenants as aligned text or JSON', async () => {
    await startFrom('acmeWithMia');
    const json = await portico('tenant', 'list', '--json');
    expect(json.code, json.stderr).toBe(0);
    const tenants = JSON.parse(json.stdout) as { slug: string; hosts: string[]; people: number; createdAt: string }[];
    expect(tenants).toEqual([
      {
        slug: 'acme',
        name: 'Acme Makler GmbH',
        hosts: ['acme.localhost:3999', 'portal.acme.example'],
        people: expect.any(Number),
        createdAt: expect.stringMatching(/Z$/),
      },
    ]);
    // The staff member invited.
    expect(tenants[0]?.people).toBe(1);

    const text = await porticoIn({ TZ: 'UTC' }, 'tenant', 'list');
    const [header, columns, row] = text.stdout.trimEnd().split('\n');
    expect(header).toBe('Tenants: 1; times in UTC (UTC+00:00)');
    expect(columns).toMatch(/^SLUG\s+NAME\s+PEOPLE\s+CREATED\s+HOSTS/);
    expect(row).toMatch(
      /^acme\s+Acme Makler GmbH\s+1\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+acme\.localhost:3999, portal\.acme\.example$/,
    );
    // Aligned: each column starts where its heading does.
    expect(row?.indexOf('Acme')).toBe(columns?.indexOf('NAME'));
    expect(row?.search(/\d{4}-/)).toBe(columns?.indexOf('CREATED'));
  });

  it('shows a person with their state at each tenant, and refuses an unknown address with exit code 1', async () => {
    await startFrom('acmeWithMia');
    const json = await portico('user', 'show', '--email', 'MITARBEITERIN@acme.example', '--json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      email: 'mitarbeiterin@acme.example',
      name: 'Mia Arbeit',
      hasPassword: false,
      emailConfirmedAt: null,
      hasSecondFactor: false,
      locks: [],
      tenants: [{ slug: 'acme', roles: ['staff_admin'], state: 'invited' }],
    });
    const text = await portico('user', 'show', '--email', 'mitarbeiterin@acme.example');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Password\s+not set yet$/m);
    expect(text.stdout).toMatch(/^Locked\s+no$/m);
    expect(text.stdout).toMatch(/^\s+acme\s+Acme Makler GmbH\s+staff_admin\s+invited$/m);

    for (const args of [
      ['--email', 'niemand@example.com'],
      ['--email', 'niemand@example.com', '--json'],
    ]) {
      const unknown = await portico('user', 'show', ...args);
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr.trim().split('\n')).toEqual(['Error: No person with address niemand@example.com']);
    }
    const invalid = await portico('user', 'show', '--email', 'kein-at');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^Error: Invalid e-mail address/);
  });

  it("lists a tenant's staff, and nobody else", async () => {
    await startFrom('acmeWithMiaAndKarla');
    const json = await portico('staff', 'list', '--tenant', 'acme', '--json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        email: 'mitarbeiterin@acme.example',
        name: 'Mia Arbeit',
        role: 'admin',
        state: 'invited',
        hasSecondFactor: false,
      },
    ]);
    const text = await portico('staff', 'list', '--tenant', 'acme');
    expect(text.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(text.stdout).toMatch(/^mitarbeiterin@acme\.example\s+Mia Arbeit\s+admin\s+invited\s+no$/m);
    const unknownTenant = await portico('staff', 'list', '--tenant', 'nope');
    expect(unknownTenant.code).toBe(1);
    expect(unknownTenant.stderr.trim()).toBe('Error: No tenant with slug "nope"');
  });

  it("shows the audit log with who acted and timestamps in the chosen or the system's time zone", async () => {
    await startFrom('acmeWithMiaAndKarla');
    const utc = await portico('audit', '--tenant', 'acme', '--tz', 'UTC');
    expect(utc.code, utc.stderr).toBe(0);
    const [header, columns, ...rows] = utc.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^Audit of Acme Makler GmbH: \d+ events, newest first; times in UTC \(UTC\+00:00\)$/);
    expect(columns).toMatch(/^TIME\s+KIND\s+PERSON\s+ACTOR\s+ORIGIN$/);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /);
    }
    expect(
      rows.some((row) => /\sinvitation\.created\s+mitarbeiterin@acme\.example\s+operator \(CLI\)\s+cli$/.test(row)),
    ).toBe(true);

    // Without --tz: the zone of the machine the command runs on, named in the header.
    const berlin = await porticoIn({ TZ: 'Europe/Berlin' }, 'audit', '--tenant', 'acme', '--limit', '1');
    expect(berlin.stdout).toMatch(/times in Europe\/Berlin \(UTC\+0[12]:00\)/);
    const berlinTime = /^(\S+)\s+\S+\s/m.exec(berlin.stdout.split('\n')[2] ?? '')?.[1] ?? '';
    expect(berlinTime).toMatch(/\+0[12]:00$/);
    const utcTime = rows[0]?.split(' ')[0] ?? '';
    expect(new Date(berlinTime).getTime()).toBe(new Date(utcTime).getTime());

    const json = await portico('audit', '--tenant', 'acme', '--limit', '1', '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      {
        time: expect.stringMatching(/Z$/),
        kind: expect.any(String),
        person: expect.anything(),
        actor: expect.any(String),
        origin: expect.any(String),
      },
    ]);

    const badZone = await portico('audit', '--tenant', 'acme', '--tz', 'Mars/Olympus');
    expect(badZone.code).toBe(1);
    expect(badZone.stderr.trim()).toBe(
      'Error: Invalid --tz "Mars/Olympus": a time zone name like Europe/Berlin or UTC',
    );
  });

  it('shows a login lock with its cause until it is lifted', async () => {
    await startFrom('acmeWithMia');
    // Six wrong passwords in a row, counted as the login counts them, from different clients.
    const config = loadConfig({
      ...(database === null ? { DATA_DIR: dataDir } : database.environment),
      PLATFORM_URL: 'http://localhost:3999',
      SMTP_URL: smtp.url,
      NODE_ENV: 'test',
    });
    const runtime = await openRuntime({
      config,
      logger: pino({ level: 'silent' }),
      ...(database === null ? {} : { database: database.handle }),
    });
    try {
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const reservation = await runtime.services.throttle.reserveAttempt({
          account: 'mitarbeiterin@acme.example',
          client: `192.0.2.${attempt}`,
        });
        if (reservation.isLocked) {
          break;
        }
      }
    } finally {
      await runtime.close();
    }
    const locked = await portico('user', 'show', '--email', 'mitarbeiterin@acme.example', '--json');
    expect(JSON.parse(locked.stdout)).toMatchObject({ locks: ['password'] });
    const text = await portico('user', 'show', '--email', 'mitarbeiterin@acme.example');
    expect(text.stdout).toMatch(/^Locked\s+yes: too many wrong passwords \(portico user unlock\)$/m);

    expect((await portico('user', 'unlock', '--email', 'mitarbeiterin@acme.example')).code).toBe(0);
    const unlocked = await portico('user', 'show', '--email', 'mitarbeiterin@acme.example', '--json');
    expect(JSON.parse(unlocked.stdout)).toMatchObject({ locks: [] });
  });
});
