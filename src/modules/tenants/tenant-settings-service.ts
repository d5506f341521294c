import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, fieldProblem, type FieldProblem } from '../../shared/errors.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import { parseEmailAddress } from '../identities/email-address.js';
import { contrastWithWhite, isHexColour, MIN_CONTRAST_WITH_WHITE } from './brand-colour.js';
import { SESSION_ABSOLUTE_HOURS_RANGE, SESSION_IDLE_MINUTES_RANGE } from './tenant.js';
import { checkLogo } from './logo.js';
import { validateContact, type ContactProblem, type TenantContactInput } from './tenant-contact.js';
import { createTenantQueries } from './tenant-repo.js';
import type { TenantService } from './tenant-service.js';
import type { Tenant } from './tenant.js';

export interface TenantSettingsInput {
  name: string;
  primaryColor: string;
  senderName: string;
  replyTo: string;
  invitationLifetimeDays: string;
  defaultLanguage: string;
  sessionIdleMinutes: string;
  sessionAbsoluteHours: string;
  requireStaffSecondFactor: boolean;
}

/** One refused field and its error code; the page says it next to the field. */
export type SettingsProblem = FieldProblem<keyof TenantSettingsInput>;

export interface TenantSettings {
  tenant: Tenant;
  hosts: Array<{ host: string; isPrimary: boolean }>;
}

/** Who changes the settings: a staff member in the browser (with their id) or the operator. */
export interface SettingsActor {
  identityId: string | null;
  origin: RequestOrigin;
}

const NAME_MAX = 120;
const LIFETIME_MIN_DAYS = 1;
const LIFETIME_MAX_DAYS = 30;
const HOSTS_MAX = 20;

function cleanText(value: string): string {
  return value.normalize('NFC').trim();
}

/** The settings the form saves, named as on the tenant, so each compares with the value it replaces. */
type SettingsValues = Pick<
  Tenant,
  | 'name'
  | 'primaryColor'
  | 'senderName'
  | 'replyTo'
  | 'invitationLifetimeDays'
  | 'defaultLanguage'
  | 'sessionIdleMinutes'
  | 'sessionAbsoluteHours'
  | 'requireStaffSecondFactor'
>;

/**
 * Validates the whole form and returns every problem at once, so a person fixes them in one go
 * rather than meeting them one per submit.
 */
export function validateSettings(input: TenantSettingsInput): {
  values: SettingsValues;
  problems: SettingsProblem[];
} {
  const problems: SettingsProblem[] = [];
  const name = cleanText(input.name);
  if (name.length === 0 || name.length > NAME_MAX || /\p{Cc}/u.test(name)) {
    problems.push(fieldProblem('name', 'TENANT_NAME_INVALID', { max: NAME_MAX }));
  }
  const colour = input.primaryColor.trim().toLowerCase();
  if (!isHexColour(colour)) {
    problems.push(fieldProblem('primaryColor', 'COLOUR_INVALID'));
  } else if (contrastWithWhite(colour) < MIN_CONTRAST_WITH_WHITE) {
    problems.push(
      fieldProblem('primaryColor', 'COLOUR_CONTRAST_LOW', { ratio: Math.round(contrastWithWhite(colour) * 10) / 10 }),
    );
  }
  const senderName = cleanText(input.senderName);
  if (senderName.length > NAME_MAX || /\p{Cc}/u.test(senderName)) {
    problems.push(fieldProblem('senderName', 'SENDER_NAME_INVALID', { max: NAME_MAX }));
  }
  const replyToText = input.replyTo.trim();
  const replyTo = replyToText === '' ? null : parseEmailAddress(replyToText);
  if (replyToText !== '' && replyTo === null) {
    problems.push(fieldProblem('replyTo', 'REPLY_TO_INVALID'));
  }
  const lifetime = /^\d{1,2}$/.test(input.invitationLifetimeDays.trim())
    ? Number(input.invitationLifetimeDays.trim())
    : Number.NaN;
  if (!(lifetime >= LIFETIME_MIN_DAYS && lifetime <= LIFETIME_MAX_DAYS)) {
    problems.push(
      fieldProblem('invitationLifetimeDays', 'INVITATION_LIFETIME_INVALID', {
        min: LIFETIME_MIN_DAYS,
        max: LIFETIME_MAX_DAYS,
      }),
    );
  }
  const wholeNumber = (value: string): number => (/^\d{1,4}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);
  const idle = wholeNumber(input.sessionIdleMinutes);
  if (!(idle >= SESSION_IDLE_MINUTES_RANGE.min && idle <= SESSION_IDLE_MINUTES_RANGE.max)) {
    problems.push(fieldProblem('sessionIdleMinutes', 'SESSION_IDLE_INVALID', SESSION_IDLE_MINUTES_RANGE));
  }
  const absolute = wholeNumber(input.sessionAbsoluteHours);
  if (!(absolute >= SESSION_ABSOLUTE_HOURS_RANGE.min && absolute <= SESSION_ABSOLUTE_HOURS_RANGE.max)) {
    problems.push(fieldProblem('sessionAbsoluteHours', 'SESSION_ABSOLUTE_INVALID', SESSION_ABSOLUTE_HOURS_RANGE));
  }
  if (input.defaultLanguage !== 'de' && input.defaultLanguage !== 'en') {
    problems.push(fieldProblem('defaultLanguage', 'LANGUAGE_INVALID'));
  }
  return {
    values: {
      name,
      primaryColor: colour,
      senderName: senderName === '' ? null : senderName,
      replyTo: replyTo === null ? null : replyTo.display,
      invitationLifetimeDays: lifetime,
      // Any other language has been refused above, and refused values are never saved.
      defaultLanguage: input.defaultLanguage === 'en' ? 'en' : 'de',
      sessionIdleMinutes: idle,
      sessionAbsoluteHours: absolute,
      requireStaffSecondFactor: input.requireStaffSecondFactor,
    },
    problems,
  };
}

const SETTING_LABELS: Record<string, string> = {
  name: 'Name',
  primaryColor: 'Farbe',
  senderName: 'Absendername',
  replyTo: 'Antwortadresse',
  invitationLifetimeDays: 'Gültigkeit der Einladung',
  defaultLanguage: 'Sprache',
  sessionIdleMinutes: 'Abmeldung bei Inaktivität',
  sessionAbsoluteHours: 'Längste Sitzungsdauer',
  requireStaffSecondFactor: 'Zweiter Faktor für Mitarbeitende',
};

const CONTACT_LABELS: Record<keyof Tenant['contact'], string> = {
  imprintUrl: 'Impressum',
  privacyUrl: 'Datenschutz',
  phone: 'Telefon',
  email: 'Kontakt-E-Mail',
  officeHours: 'Bürozeiten',
  postalAddress: 'Anschrift',
};

/** A broker's own settings: look, mail sender, addresses, invitation lifetime and language. */
export function createTenantSettingsService(deps: {
  db: Database;
  clock: Clock;
  tenants: TenantService;
  audit: AuditService;
}) {
  const { db, clock, tenants, audit } = deps;

  async function recordChange(
    tenantId: string,
    actor: SettingsActor,
    detail: string,
    executor: Database,
  ): Promise<void> {
    await audit.record(
      {
        kind: 'settings.changed',
        tenantId,
        identityId: null,
        actorIdentityId: actor.identityId,
        origin: actor.origin,
        detail,
      },
      executor,
    );
  }

  async function requireTenant(tenantId: string, executor: Database = db): Promise<Tenant> {
    const tenant = await tenants.findTenantById(tenantId, executor);
    if (tenant === null) {
      throw new AppError('TENANT_NOT_FOUND', 'No such tenant');
    }
    return tenant;
  }

  return {
    async read(tenantId: string): Promise<TenantSettings> {
      const tenant = await requireTenant(tenantId);
      return { tenant, hosts: await createTenantQueries(db).listHostsWithPrimary(tenantId) };
    },

    /** Saves all fields or none; returns the problems when any field is refused. */
    async update(
      tenantId: string,
      input: TenantSettingsInput,
      actor: SettingsActor,
    ): Promise<{ problems: SettingsProblem[] }> {
      const { values, problems } = validateSettings(input);
      if (problems.length > 0) {
        return { problems };
      }
      await db.transaction(async (tx) => {
        const before = await requireTenant(tenantId, tx);
        const changed = (Object.keys(values) as Array<keyof typeof values>).filter(
          (key) => before[key] !== values[key],
        );
        if (changed.length === 0) {
          return;
        }
        await createTenantQueries(tx).updateTenant(tenantId, values);
        await recordChange(
          tenantId,
          actor,
          `Geändert: ${changed.map((key) => SETTING_LABELS[key] ?? key).join(', ')}`,
          tx,
        );
      });
      tenants.forgetTenant(tenantId);
      return { problems: [] };
    },

    /** Saves the broker's contact details and legal pages, all or none. */
    async updateContact(
      tenantId: string,
      input: TenantContactInput,
      actor: SettingsActor,
    ): Promise<{ problems: ContactProblem[] }> {
      const { contact, problems } = validateContact(input);
      if (problems.length > 0) {
        return { problems };
      }
      await db.transaction(async (tx) => {
        const before = (await requireTenant(tenantId, tx)).contact;
        const changed = (Object.keys(contact) as Array<keyof typeof contact>).filter(
          (key) => before[key] !== contact[key],
        );
        if (changed.length === 0) {
          return;
        }
        await createTenantQueries(tx).updateTenant(tenantId, {
          imprintUrl: contact.imprintUrl,
          privacyUrl: contact.privacyUrl,
          contactPhone: contact.phone,
          contactEmail: contact.email,
          officeHours: contact.officeHours,
          postalAddress: contact.postalAddress,
        });
        await recordChange(tenantId, actor, `Geändert: ${changed.map((key) => CONTACT_LABELS[key]).join(', ')}`, tx);
      });
      tenants.forgetTenant(tenantId);
      return { problems: [] };
    },

    async setLogo(tenantId: string, bytes: Uint8Array, actor: SettingsActor): Promise<void> {
      const logo = await checkLogo(bytes);
      await db.transaction(async (tx) => {
        const queries = createTenantQueries(tx);
        await requireTenant(tenantId, tx);
        const now = clock.now();
        await queries.saveLogo(tenantId, logo.contentType, logo.data.toString('base64'), now);
        await queries.updateTenant(tenantId, { logoUpdatedAt: now });
        await recordChange(
          tenantId,
          actor,
          `Logo hochgeladen (${logo.contentType === 'image/png' ? 'PNG' : 'SVG'})`,
          tx,
        );
      });
      tenants.forgetTenant(tenantId);
    },

    async removeLogo(tenantId: string, actor: SettingsActor): Promise<void> {
      await db.transaction(async (tx) => {
        const queries = createTenantQueries(tx);
        await queries.deleteLogo(tenantId);
        await queries.updateTenant(tenantId, { logoUpdatedAt: null });
        await recordChange(tenantId, actor, 'Logo entfernt', tx);
      });
      tenants.forgetTenant(tenantId);
    },

    async readLogo(tenantId: string): Promise<{ contentType: string; data: Buffer; updatedAt: Date } | null> {
      const logo = await createTenantQueries(db).findLogo(tenantId);
      return logo === null
        ? null
        : { contentType: logo.contentType, data: Buffer.from(logo.data, 'base64'), updatedAt: logo.updatedAt };
    },

    async addHost(tenantId: string, value: string, actor: SettingsActor): Promise<string> {
      const host = tenants.normalizeHost(value);
      if (host === null) {
        throw new AppError('HOST_INVALID', { detail: 'Invalid host', field: 'host' });
      }
      await db.transaction(async (tx) => {
        const queries = createTenantQueries(tx);
        if (tenants.isPlatformHost(host) || (await queries.isHostTaken(host))) {
          throw new AppError('HOST_TAKEN', { detail: `Host ${host} is already in use`, field: 'host' });
        }
        if ((await queries.listHosts(tenantId)).length >= HOSTS_MAX) {
          throw new AppError('HOSTS_TOO_MANY', { detail: `At most ${HOSTS_MAX} hosts`, params: { max: HOSTS_MAX } });
        }
        await queries.insertHost({ tenantId, host, isPrimary: false });
        await recordChange(tenantId, actor, `Adresse hinzugefügt: ${host}`, tx);
      });
      return host;
    },

    /** The primary address carries every link in mails, so it cannot go; nor can the last one. */
    async removeHost(tenantId: string, host: string, actor: SettingsActor): Promise<void> {
      await db.transaction(async (tx) => {
        const queries = createTenantQueries(tx);
        const hosts = await queries.listHostsWithPrimary(tenantId);
        const entry = hosts.find((candidate) => candidate.host === host);
        if (entry === undefined) {
          throw new AppError('HOST_NOT_FOUND', 'No such host');
        }
        if (hosts.length === 1) {
          throw new AppError('HOST_LAST', 'The last host cannot be removed');
        }
        if (entry.isPrimary) {
          throw new AppError('HOST_IS_PRIMARY', 'The primary host cannot be removed');
        }
        await queries.deleteHost(tenantId, host);
        await recordChange(tenantId, actor, `Adresse entfernt: ${host}`, tx);
      });
      tenants.forgetTenant(tenantId);
    },

    async makePrimary(tenantId: string, host: string, actor: SettingsActor): Promise<void> {
      await db.transaction(async (tx) => {
        const queries = createTenantQueries(tx);
        const hosts = await queries.listHostsWithPrimary(tenantId);
        if (!hosts.some((candidate) => candidate.host === host)) {
          throw new AppError('HOST_NOT_FOUND', 'No such host');
        }
        await queries.makePrimary(tenantId, host);
        await recordChange(tenantId, actor, `Hauptadresse: ${host}`, tx);
      });
    },
  };
}

export type TenantSettingsService = ReturnType<typeof createTenantSettingsService>;
