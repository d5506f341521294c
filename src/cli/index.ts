#!/usr/bin/env -S node --v8-pool-size=0
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { AppError } from '../shared/errors.js';
import { ERROR_PREFIX, exitWithError } from './cli-environment.js';
import type { CommandName } from '../operator-commands/commands.js';
import { systemTimeZone } from '../operator-commands/output-format.js';

// Each command loads what it needs when it runs: a command handed to a running portal needs little,
// and the start command begins compiling the embedded database before it loads the web server.
const startCommand = async (options: { demo: boolean | undefined; isWorkerRunning: boolean }): Promise<void> =>
  (await import('./start-command.js')).startCommand(options);
const workerCommand = async (): Promise<void> => (await import('./worker-command.js')).workerCommand();
const migrateCommand = async (): Promise<void> => (await import('./migrate-command.js')).migrateCommand();
const importCsvCommand = async (options: { tenant: string; csv: string }): Promise<void> =>
  (await import('./import-command.js')).importCsvCommand(options);
const importGdvCommand = async (options: {
  tenant: string;
  file: string;
  charset: 'iso-8859-15' | 'iso-8859-1';
}): Promise<void> => (await import('./gdv-import-command.js')).importGdvCommand(options);
const runCommandCli = async (name: CommandName, args: Record<string, unknown>): Promise<void> =>
  (await import('./run-command.js')).runCommandCli(name, args);

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The version of the installed package: package.json sits two folders above src/cli and dist/cli alike. */
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const jsonOption = (): Option => new Option('--json', 'print one line of JSON instead of aligned text');
/** The zone is resolved here, where the operator types, not in a running portal that may run the command. */
const timeZoneOption = (): Option =>
  new Option('--tz <zone>', 'time zone of the timestamps, like Europe/Berlin or UTC').default(
    systemTimeZone(),
    "this machine's",
  );

const program = new Command()
  .name('portico')
  .description("Portico: the onboarding and login portal for insurance brokers' customers")
  .version(version, '-V, --version', "print Portico's version")
  .showHelpAfterError('(run with --help for usage)')
  // Commander's own messages ("error: unknown option") with the prefix every other failure has.
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /i, ERROR_PREFIX)) });

program
  .command('start')
  .description('Start the portal: web pages, outbox worker and, on the embedded database, the command channel')
  // --demo first, so that without either option `demo` stays undefined: the default depends on NODE_ENV.
  .option(
    '--demo',
    'create the demo broker on an empty database (the default outside production; refused in production)',
  )
  .option('--no-demo', 'do not create the demo broker on an empty database')
  .option('--no-worker', 'serve pages only; mail is delivered by `portico worker` processes')
  .action((options: { demo?: boolean; worker: boolean }) =>
    startCommand({ demo: options.demo, isWorkerRunning: options.worker }),
  );

program
  .command('worker')
  .description('Deliver the outbox only, without serving pages (for several processes on PostgreSQL)')
  .action(() => workerCommand());

const staff = program.command('staff').description("Manage a broker's staff");
staff
  .command('list')
  .description("List a broker's staff with role, state and second factor")
  .requiredOption('--tenant <slug>', "the tenant's slug")
  .addOption(jsonOption())
  .action((options: Record<string, unknown>) => runCommandCli('staff.list', options));
staff
  .command('invite')
  .description("Invite a member of the broker's staff (administrator or user)")
  .requiredOption('--tenant <slug>', "the tenant's slug")
  .requiredOption('--email <address>', "the staff member's e-mail address")
  .requiredOption('--name <full name>', "the staff member's full name")
  .addOption(
    new Option('--role <role>', 'administrator (everything) or user').choices(['admin', 'user']).makeOptionMandatory(),
  )
  .action((options: Record<string, unknown>) => runCommandCli('staff.invite', options));

program
  .command('audit')
  .description("Show a tenant's audit log: logins, failed logins, passwords set, access granted")
  .requiredOption('--tenant <slug>', "the tenant's slug")
  .option('--limit <n>', 'how many events, newest first (1–1000)', '50')
  .addOption(timeZoneOption())
  .addOption(jsonOption())
  .action((options: Record<string, unknown>) => runCommandCli('audit.list', options));

const outbox = program.command('outbox').description('Inspect and retry outgoing mail');
outbox
  .command('status')
  .description('Count mails by state and list those that could not be delivered')
  .action(() => runCommandCli('outbox.status', {}));
outbox
  .command('retry')
  .description('Queue a failed or abandoned mail again')
  .argument('<id>', "the mail's id, as shown by `portico outbox status`")
  .action((id: string) => runCommandCli('outbox.retry', { id }));

const apiKey = program.command('api-key').description("Manage a tenant's API keys (for its CRM integration)");
apiKey
  .command('create')
  .description('Create an API key; it is printed once and stored only as a hash')
  .requiredOption('--tenant <slug>', "the tenant's slug")
  .requiredOption('--name <label>', 'what the key is for, e.g. "CRM production"')
  .action((options: Record<string, unknown>) => runCommandCli('api-key.create', options));
apiKey
  .command('list')
  .description("List a tenant's API keys with their last use")
  .requiredOption('--tenant <slug>', "the tenant's slug")
  .action((options: Record<string, unknown>) => runCommandCli('api-key.list', options));
apiKey
  .command('revoke')
  .description('Revoke an API key; requests with it are refused at once')
  .requiredOption('--tenant <slug>', "the tenant's slug")
  .argument('<id>', "the key's id, as shown by `portico api-key list`")
  .action((id: string, options: Record<string, unknown>) => runCommandCli('api-key.revoke', { ...options, id }));

program
  .command('second-factor')
  .description('Manage the key that seals the authenticator secrets')
  .command('reseal')
  .description(
    'After a key rotation: seal every authenticator secret again with SECOND_FACTOR_KEY, so SECOND_FACTOR_PREVIOUS_KEYS can be removed',
  )
  .action(() => runCommandCli('second-factor.reseal', {}));

program
  .command('migrate')
  .description('Apply the database migrations and exit')
  .action(() => migrateCommand());

const tenant = program.command('tenant').description('Manage tenants (broker firms)');
tenant
  .command('list')
  .description('List the tenants with their hosts, how many people have access, and when each was created')
  .addOption(timeZoneOption())
  .addOption(jsonOption())
  .action((options: Record<string, unknown>) => runCommandCli('tenant.list', options));
tenant
  .command('create')
  .description('Create a tenant with its app hosts; the first host is the primary one, used in e-mail links')
  .requiredOption('--slug <slug>', 'short name, lower-case letters, digits and hyphens')
  .requiredOption('--name <name>', "the broker firm's name, shown in the portal and as mail sender")
  .requiredOption('--host <host[:port]>', 'app host serving this tenant (repeatable)', collect)
  .action((options: Record<string, unknown>) => runCommandCli('tenant.create', options));

tenant
  .command('update')
  .description("Change a tenant's session timeouts and whether its staff must use a second factor")
  .requiredOption('--slug <slug>', "the tenant's slug")
  .option('--session-idle-minutes <n>', 'end a session after this many minutes without activity (5–120, default 30)')
  .option('--session-absolute-hours <n>', 'end a session this many hours after login at the latest (1–24, default 12)')
  .addOption(
    new Option(
      '--require-staff-second-factor <on|off>',
      'staff must set up an authenticator app before they can use the portal',
    ).choices(['on', 'off']),
  )
  .action((options: Record<string, unknown>) =>
    runCommandCli('tenant.update', {
      slug: options['slug'],
      'session-idle-minutes': options['sessionIdleMinutes'],
      'session-absolute-hours': options['sessionAbsoluteHours'],
      'require-staff-second-factor': options['requireStaffSecondFactor'],
    }),
  );

program
  .command('invite')
  .description(
    'Open access (Freischaltung) for a person in a tenant and send the invitation or information mail (none if they have access there already); ' +
      'or for every row of a CSV file with --csv',
  )
  .requiredOption('--tenant <slug>', "the tenant's slug")
  .option('--email <address>', "the person's e-mail address")
  .option('--name <full name>', "the person's full name")
  .addOption(new Option('--kind <kind>', 'what the person is to the broker').choices(['policyholder', 'intermediary']))
  .option('--grant <grant name>', "name of the grant (Freischaltung); created if new, default: the person's name")
  .option('--customer <customer number>', 'customer number the grant covers (repeatable)', collect)
  .option(
    '--csv <file>',
    'a CSV file with a header row: email, name, kind, customer_numbers (separated by , or |), grant; exit code 1 if any row was refused',
  )
  .action((options: Record<string, unknown>) => {
    if (typeof options['csv'] === 'string') {
      return importCsvCommand({ tenant: String(options['tenant']), csv: options['csv'] });
    }
    const missing = ['email', 'name', 'kind'].filter((name) => typeof options[name] !== 'string');
    if (missing.length > 0) {
      return exitWithError(
        new AppError(
          'VALIDATION_FAILED',
          `Missing ${missing.map((name) => `--${name}`).join(', ')} (or use --csv <file>)`,
        ),
      );
    }
    return runCommandCli('invite', options);
  });

program
  .command('import')
  .description('Import portfolio data into a tenant')
  .command('gdv')
  .description(
    'Import customers and contracts from a GDV "VU-Vermittler" file; running it again updates, never duplicates. ' +
      'Bad records are listed with their line and skipped (exit code 0); exit code 1 when the file or the tenant cannot be read',
  )
  .requiredOption('--tenant <slug>', "the tenant's slug")
  .addOption(
    new Option('--charset <charset>', "the file's character set")
      .choices(['iso-8859-15', 'iso-8859-1'])
      .default('iso-8859-15'),
  )
  .argument('<file>', 'the GDV file (records of 256 characters)')
  .action((file: string, options: { tenant: string; charset: 'iso-8859-15' | 'iso-8859-1' }) =>
    importGdvCommand({ tenant: options.tenant, file, charset: options.charset }),
  );

const user = program.command('user').description('Manage people (identities)');
user
  .command('show')
  .description(
    'Show a person: password, confirmed address, second factor, locks, and their access at every tenant with its state; exit code 1 for an unknown address',
  )
  .requiredOption('--email <address>', "the person's address")
  .addOption(timeZoneOption())
  .addOption(jsonOption())
  .action((options: Record<string, unknown>) => runCommandCli('user.show', options));
user
  .command('set-email')
  .description("Change a person's e-mail address; the new address must be confirmed through the mail sent to it")
  .requiredOption('--email <old address>', 'the current address')
  .requiredOption('--new-email <new address>', 'the new address')
  .action((options: Record<string, unknown>) =>
    runCommandCli('user.set-email', { email: options['email'], 'new-email': options['newEmail'] }),
  );

user
  .command('unlock')
  .description('Lift a temporary login lock after repeated wrong passwords')
  .requiredOption('--email <address>', "the person's address")
  .action((options: Record<string, unknown>) => runCommandCli('user.unlock', options));

user
  .command('reset-second-factor')
  .description(
    "Remove a person's authenticator app and recovery codes, after verifying who they are on another channel (call back a known number)",
  )
  .requiredOption('--email <address>', "the person's address")
  .requiredOption('--tenant <slug>', 'a tenant the person has access to (recorded in its audit log)')
  .action((options: Record<string, unknown>) => runCommandCli('user.reset-second-factor', options));

await program.parseAsync(process.argv);
