import { commandWriteFailure } from '../db/database-errors.js';
import { parseEmailAddress } from '../modules/identities/email-address.js';
import { isMembershipRole } from '../modules/memberships/membership.js';
import type { Services } from '../services.js';
import { AppError } from '../shared/errors.js';
import { messageOfError } from '../shared/error-registry.js';
import { CLI_ORIGIN } from '../modules/audit/audit-service.js';
import type { ItemResult } from '../modules/portfolio/portfolio.js';
import { IMPORT_ROW } from '../modules/imports/invitation-csv.js';
import { alignColumns, counted, describeTimeZone, formatInTimeZone, parseTimeZone } from './output-format.js';

/**
 * The operations the CLI offers, as plain functions of the services. The same function runs in
 * the CLI's own process or, while the portal runs on the embedded database, inside the portal (through
 * the control channel beside it), so this layer sits below both: src/cli and src/server.ts import it.
 */
export type CommandName =
  | 'tenant.update'
  | 'user.reset-second-factor'
  | 'second-factor.reseal'
  | 'invite.rows'
  | 'portfolio.upsert'
  | 'api-key.create'
  | 'api-key.list'
  | 'api-key.revoke'
  | 'tenant.create'
  | 'invite'
  | 'user.set-email'
  | 'user.unlock'
  | 'outbox.status'
  | 'outbox.retry'
  | 'audit.list'
  | 'staff.invite'
  | 'tenant.list'
  | 'user.show'
  | 'staff.list';
/** `emit` hands a line to the caller as soon as it is true (a row committed), before the command ends. */
type CommandHandler = (
  services: Services,
  args: Record<string, unknown>,
  emit: (line: string) => void,
) => Promise<string[]>;

function stringArg(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== 'string') {
    throw new AppError('VALIDATION_FAILED', `Missing --${name}`);
  }
  return value;
}

function stringListArg(args: Record<string, unknown>, name: string): string[] {
  const value = args[name] ?? [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new AppError('VALIDATION_FAILED', `Invalid --${name}`);
  }
  return value;
}

/** Rows per 'invite.rows' call: small enough for the control channel's request limit. */
export const INVITE_ROWS_MAX = 50;
function optionalIntegerArg(args: Record<string, unknown>, name: string): number | undefined {
  const value = args[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || !/^\d{1,4}$/.test(value)) {
    throw new AppError('VALIDATION_FAILED', `Invalid --${name}: a whole number`);
  }
  return Number(value);
}

function optionalSwitchArg(args: Record<string, unknown>, name: string): boolean | undefined {
  const value = args[name];
  if (value === undefined) {
    return undefined;
  }
  if (value !== 'on' && value !== 'off') {
    throw new AppError('VALIDATION_FAILED', `Invalid --${name}: on or off`);
  }
  return value === 'on';
}

/** `--json`: one line of JSON instead of aligned text. */
const isJson = (args: Record<string, unknown>): boolean => args['json'] === true;

/** Timestamps of a command's output: `--tz` as given by the CLI (the system's zone there), UTC without it. */
function timeZoneArg(args: Record<string, unknown>): string {
  return args['tz'] === undefined ? 'UTC' : parseTimeZone(args['tz']);
}

/** A portfolio batch's results, one line per item: created, updated, or failed with code and message. */
function resultLines(results: ItemResult[]): string[] {
  return results.map((result) =>
    result.status === 'failed' ? ['failed', result.error.code, result.error.message].join('\t') : result.status,
  );
}

const handlers: Record<CommandName, CommandHandler> = {
  async 'tenant.list'(services, args) {
    const tenants = await services.operator.listTenants();
    if (isJson(args)) {
      return [JSON.stringify(tenants.map((tenant) => ({ ...tenant, createdAt: tenant.createdAt.toISOString() })))];
    }
    if (tenants.length === 0) {
      return ['No tenants yet; create one with `portico tenant create`'];
    }
    const timeZone = timeZoneArg(args);
    return [
      `Tenants: ${tenants.length}; times in ${describeTimeZone(timeZone, services.clock.now())}`,
      ...alignColumns([
        ['SLUG', 'NAME', 'PEOPLE', 'CREATED', 'HOSTS (primary first)'],
        ...tenants.map((tenant) => [
          tenant.slug,
          tenant.name,
          String(tenant.people),
          formatInTimeZone(tenant.createdAt, timeZone),
          tenant.hosts.join(', '),
        ]),
      ]),
    ];
  },

  async 'user.show'(services, args) {
    const email = parseEmailAddress(stringArg(args, 'email'));
    if (email === null) {
      throw new AppError('EMAIL_INVALID', `Invalid e-mail address "${String(args['email']).slice(0, 100)}"`);
    }
    const identity = await services.operator.findIdentity(email.canonical);
    if (identity === null) {
      throw new AppError('IDENTITY_NOT_FOUND', `No person with address ${email.display}`);
    }
    const locks =
      (await services.throttle.locksOf([{ identityId: identity.id, canonicalEmail: identity.canonicalEmail }])).get(
        identity.id,
      ) ?? [];
    const tenants = await Promise.all(
      identity.tenants.map(async (tenant) => ({
        slug: tenant.slug,
        name: tenant.name,
        roles: tenant.roles,
        state: (await services.people.getPerson(tenant.tenantId, identity.id)).state,
      })),
    );
    const timeZone = timeZoneArg(args);
    if (isJson(args)) {
      return [
        JSON.stringify({
          email: identity.email,
          name: identity.name,
          hasPassword: identity.hasPassword,
          emailConfirmedAt: identity.emailConfirmedAt?.toISOString() ?? null,
          hasSecondFactor: identity.hasSecondFactor,
          locks,
          createdAt: identity.createdAt.toISOString(),
          tenants,
        }),
      ];
    }
    const lockCauses: Record<string, string> = {
      password: 'too many wrong passwords',
      second_factor: 'too many wrong second-factor codes',
    };
    return [
      ...alignColumns([
        ['Person', `${identity.name} <${identity.email}>`],
        ['Created', formatInTimeZone(identity.createdAt, timeZone)],
        ['Password', identity.hasPassword ? 'set' : 'not set yet'],
        [
          'Address',
          identity.emailConfirmedAt === null
            ? 'not confirmed'
            : `confirmed ${formatInTimeZone(identity.emailConfirmedAt, timeZone)}`,
        ],
        ['Second factor', identity.hasSecondFactor ? 'authenticator app' : 'none'],
        [
          'Locked',
          locks.length === 0
            ? 'no'
            : `yes: ${locks.map((cause) => lockCauses[cause] ?? cause).join('; ')} (portico user unlock)`,
        ],
      ]),
      `Access at ${counted(tenants.length, 'tenant')}:`,
      ...alignColumns([
        ['  SLUG', 'NAME', 'ROLES', 'STATE'],
        ...tenants.map((tenant) => [`  ${tenant.slug}`, tenant.name, tenant.roles.join(', '), tenant.state]),
      ]),
    ];
  },

  async 'staff.list'(services, args) {
    const tenant = await services.tenants.findTenantBySlug(stringArg(args, 'tenant'));
    const members = await services.operator.listStaff(tenant.id);
    const rows = await Promise.all(
      members.map(async (member) => ({
        email: member.email,
        name: member.name,
        role: member.role === 'staff_admin' ? 'admin' : 'user',
        state: (await services.people.getPerson(tenant.id, member.identityId)).state,
        hasSecondFactor: member.hasSecondFactor,
      })),
    );
    if (isJson(args)) {
      return [JSON.stringify(rows)];
    }
    return [
      `Staff of ${tenant.name}: ${rows.length}`,
      ...(rows.length === 0
        ? []
        : alignColumns([
            ['EMAIL', 'NAME', 'ROLE', 'STATE', 'SECOND FACTOR'],
            ...rows.map((row) => [row.email, row.name, row.role, row.state, row.hasSecondFactor ? 'yes' : 'no']),
          ])),
    ];
  },

  async 'tenant.update'(services, args) {
    const idle = optionalIntegerArg(args, 'session-idle-minutes');
    const absolute = optionalIntegerArg(args, 'session-absolute-hours');
    const requireFactor = optionalSwitchArg(args, 'require-staff-second-factor');
    const tenant = await services.tenants.updateTenantSettings(stringArg(args, 'slug'), {
      ...(idle === undefined ? {} : { sessionIdleMinutes: idle }),
      ...(absolute === undefined ? {} : { sessionAbsoluteHours: absolute }),
      ...(requireFactor === undefined ? {} : { requireStaffSecondFactor: requireFactor }),
    });
    return [
      `Updated tenant "${tenant.name}" (${tenant.slug}): sessions end after ${tenant.sessionIdleMinutes} ` +
        `idle minutes and at most ${tenant.sessionAbsoluteHours} hours; ` +
        `second factor for staff ${tenant.requireStaffSecondFactor ? 'required' : 'optional'}`,
    ];
  },

  async 'second-factor.reseal'(services) {
    const outcome = await services.secondFactor.resealSecrets();
    return [
      `Sealed ${counted(outcome.resealed, 'authenticator secret')} again with SECOND_FACTOR_KEY; ` +
        `${outcome.alreadyCurrent} already were`,
      ...(outcome.unreadable === 0
        ? ['No secret needs SECOND_FACTOR_PREVIOUS_KEYS any more']
        : [
            `${counted(outcome.unreadable, 'secret')} open with none of the keys: keep the previous keys, or have ` +
              'those people set up their authenticator app again',
          ]),
    ];
  },

  async 'user.reset-second-factor'(services, args) {
    const tenant = await services.tenants.findTenantBySlug(stringArg(args, 'tenant'));
    const outcome = await services.secondFactor.removeFactorOfMember(
      tenant.id,
      { email: stringArg(args, 'email') },
      CLI_ORIGIN,
    );
    if (outcome === 'not_found') {
      throw new AppError('IDENTITY_NOT_FOUND', `No person with that address has access to ${tenant.name}`);
    }
    return [
      outcome === 'removed'
        ? `Removed the second factor and recovery codes; the person logs in with the password only and may set ` +
          `up a new factor in Mein Zugang`
        : `The person had no second factor; nothing changed`,
    ];
  },

  async 'tenant.create'(services, args) {
    const { tenant, hosts, url } = await services.tenants.createTenant({
      slug: stringArg(args, 'slug'),
      name: stringArg(args, 'name'),
      hosts: stringListArg(args, 'host'),
    });
    return [`Created tenant "${tenant.name}" (${tenant.slug}) on ${hosts.join(', ')}`, `Portal: ${url}`];
  },

  async invite(services, args) {
    const kind = stringArg(args, 'kind');
    if (kind !== 'policyholder' && kind !== 'intermediary' && !isMembershipRole(kind)) {
      throw new AppError('KIND_INVALID', `Invalid --kind "${kind}": use policyholder or intermediary`);
    }
    const tenant = await services.tenants.findTenantBySlug(stringArg(args, 'tenant'));
    const outcome = await services.invitations.invite({
      tenantId: tenant.id,
      email: stringArg(args, 'email'),
      name: stringArg(args, 'name'),
      role: kind,
      ...(typeof args['grant'] === 'string' ? { grantName: args['grant'] } : {}),
      customerNumbers: stringListArg(args, 'customer'),
    });
    const grant = outcome.grantName === null ? '' : ` with grant "${outcome.grantName}"`;
    if (outcome.state === 'invited') {
      return [
        `Invited ${outcome.email} to ${tenant.name}${grant}; the invitation mail is queued (link valid until ` +
          `${outcome.expiresAt.toISOString()})`,
      ];
    }
    return [`${outcome.email} already had access to ${tenant.name}; access${grant} is active, no mail is sent`];
  },

  /**
   * A chunk of checked CSV rows; one output line per row (line number, outcome, message), emitted once the row has
   * committed.
   */
  async 'invite.rows'(services, args, emit) {
    const tenant = await services.tenants.findTenantBySlug(stringArg(args, 'tenant'));
    const parsed = IMPORT_ROW.array().max(INVITE_ROWS_MAX).safeParse(args['rows']);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', `Invalid rows: at most ${INVITE_ROWS_MAX} per call`);
    }
    const lines: string[] = [];
    for (const row of parsed.data) {
      const outcome = await services.imports.inviteRow(tenant.id, row, CLI_ORIGIN);
      const line = [
        String(row.line),
        outcome.state,
        outcome.state === 'failed' ? `${outcome.code}: ${messageOfError(outcome, 'en')}` : '',
      ].join('\t');
      emit(line);
      lines.push(line);
    }
    return lines;
  },

  /**
   * One batch of portfolio items (the GDV import); one line per item: created, updated or failed with code and message.
   */
  async 'portfolio.upsert'(services, args) {
    const tenant = await services.tenants.findTenantBySlug(stringArg(args, 'tenant'));
    const items = args['items'];
    if (!Array.isArray(items)) {
      throw new AppError('VALIDATION_FAILED', 'Invalid items: a list');
    }
    const results = await services.portfolio.upsertBatch(tenant.id, items, CLI_ORIGIN);
    return resultLines(results);
  },

  async 'staff.invite'(services, args) {
    const role = stringArg(args, 'role');
    if (role !== 'admin' && role !== 'user') {
      throw new AppError('KIND_INVALID', `Invalid --role "${role}": use admin or user`);
    }
    const tenant = await services.tenants.findTenantBySlug(stringArg(args, 'tenant'));
    const outcome = await services.invitations.invite({
      tenantId: tenant.id,
      email: stringArg(args, 'email'),
      name: stringArg(args, 'name'),
      role: role === 'admin' ? 'staff_admin' : 'staff_user',
    });
    return [
      outcome.state === 'invited'
        ? `Invited ${outcome.email} as staff (${role}) of ${tenant.name}; the invitation mail is queued`
        : `${outcome.email} already had access to ${tenant.name}; staff access (${role}) is active, no mail is sent`,
    ];
  },

  async 'api-key.create'(services, args) {
    const tenant = await services.tenants.findTenantBySlug(stringArg(args, 'tenant'));
    const { key, summary } = await services.apiKeys.createApiKey(tenant.id, stringArg(args, 'name'));
    return [
      `Created API key "${summary.name}" (${summary.id}) for ${tenant.name}. It is shown only now; store it safely:`,
      key,
    ];
  },

  async 'api-key.list'(services, args) {
    const tenant = await services.tenants.findTenantBySlug(stringArg(args, 'tenant'));
    const keys = await services.apiKeys.listApiKeys(tenant.id);
    return [
      `API keys of ${tenant.name}: ${keys.length}`,
      ...keys.map(
        (key) =>
          `${key.id}  ${`${key.keyPrefix}…`.padEnd(18)}  ${key.name.padEnd(24)}  created ` +
          `${key.createdAt.toISOString()}  last used ${key.lastUsedAt?.toISOString() ?? 'never'}` +
          (key.revokedAt === null ? '' : `  revoked ${key.revokedAt.toISOString()}`),
      ),
    ];
  },

  async 'api-key.revoke'(services, args) {
    const tenant = await services.tenants.findTenantBySlug(stringArg(args, 'tenant'));
    if (!(await services.apiKeys.revokeApiKey(tenant.id, stringArg(args, 'id')))) {
      throw new AppError('API_KEY_NOT_FOUND', `No active API key ${String(args['id']).slice(0, 60)} in ${tenant.name}`);
    }
    return [`Revoked API key ${String(args['id'])}; requests with it are refused from now on`];
  },

  async 'audit.list'(services, args) {
    const tenant = await services.tenants.findTenantBySlug(stringArg(args, 'tenant'));
    const limit = Number(args['limit'] ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new AppError('VALIDATION_FAILED', 'Invalid --limit: a whole number from 1 to 1000');
    }
    const timeZone = timeZoneArg(args);
    const events = await services.audit.listForTenant(tenant.id, limit);
    // Who acted, as the workspace's Protokoll says it: staff, the operator, the CRM's API key or the person themselves.
    const actorOf = (event: (typeof events)[number]): string => {
      if (event.actorEmail !== null) {
        return event.actorEmail;
      }
      if (event.origin === CLI_ORIGIN.client) {
        return 'operator (CLI)';
      }
      if (event.origin.startsWith('api:')) {
        return `API key ${event.origin.slice('api:'.length)}`;
      }
      return event.email === null ? '-' : 'self';
    };
    if (isJson(args)) {
      return [
        JSON.stringify(
          events.map((event) => ({
            time: event.createdAt.toISOString(),
            kind: event.kind,
            person: event.email,
            actor: actorOf(event),
            origin: event.origin,
          })),
        ),
      ];
    }
    return [
      `Audit of ${tenant.name}: ${counted(events.length, 'event')}, newest first; times in ` +
        describeTimeZone(timeZone, services.clock.now()),
      ...(events.length === 0
        ? []
        : alignColumns([
            ['TIME', 'KIND', 'PERSON', 'ACTOR', 'ORIGIN'],
            ...events.map((event) => [
              formatInTimeZone(event.createdAt, timeZone),
              event.kind,
              event.email ?? '-',
              actorOf(event),
              event.origin,
            ]),
          ])),
    ];
  },

  async 'outbox.status'(services) {
    const { counts, oldestQueuedAt, undeliverable } = await services.outbox.status();
    const states = ['queued', 'sending', 'sent', 'failed', 'abandoned'].map(
      (state) => `${state} ${counts[state] ?? 0}`,
    );
    const waiting = oldestQueuedAt === null ? 'none waiting' : `oldest waiting since ${oldestQueuedAt.toISOString()}`;
    const lines = [`Outbox: ${states.join(', ')}; ${waiting}`];
    for (const mail of undeliverable) {
      lines.push(
        `  ${mail.id}  ${mail.status}  ${mail.kind} to ${mail.toAddress} ` +
          `after ${counted(mail.attempts, 'attempt')}: ${mail.lastError ?? ''}`,
      );
    }
    return lines;
  },

  async 'outbox.retry'(services, args) {
    const id = stringArg(args, 'id');
    if (!(await services.outbox.retryMail(id))) {
      throw new AppError('VALIDATION_FAILED', `No failed or abandoned mail with id ${id.slice(0, 60)}`);
    }
    return [`Mail ${id} is queued again`];
  },

  async 'user.unlock'(services, args) {
    const email = parseEmailAddress(stringArg(args, 'email'));
    if (email === null) {
      throw new AppError('EMAIL_INVALID', `Invalid e-mail address "${String(args['email']).slice(0, 100)}"`);
    }
    await services.throttle.unlockPerson(email.canonical);
    return [`Login attempts for ${email.display} are allowed again (password and second factor)`];
  },

  async 'user.set-email'(services, args) {
    const { email } = await services.emailConfirmation.changeEmail(
      stringArg(args, 'email'),
      stringArg(args, 'new-email'),
    );
    return [`Changed the address to ${email}; it stays unconfirmed until the link in the mail sent there is used`];
  },
};

/** A command that may be asked for from outside this process (the control channel). */
export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(handlers, value);
}

export async function runCommand(
  services: Services,
  name: CommandName,
  args: Record<string, unknown>,
  emit: (line: string) => void = () => undefined,
): Promise<string[]> {
  try {
    return await handlers[name](services, args, emit);
  } catch (error) {
    // The operator at the command line needs the cause (a full disk) in one line, not "see the log".
    const failure = commandWriteFailure(error);
    if (failure !== null) {
      services.logger.error({ err: error, command: name }, 'command failed: the database cannot write');
      throw failure;
    }
    throw error;
  }
}
