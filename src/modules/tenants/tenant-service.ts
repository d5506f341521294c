import type { Config } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { createTenantQueries } from './tenant-repo.js';
import {
  SESSION_ABSOLUTE_HOURS_RANGE,
  SESSION_IDLE_MINUTES_RANGE,
  defaultPortOf,
  isValidSlug,
  normalizeHost,
  type Tenant,
} from './tenant.js';
import { required } from '../../shared/required.js';

export interface CreateTenantInput {
  slug: string;
  name: string;
  hosts: string[];
  primaryColor?: string;
}

export interface TenantSummary {
  tenant: Tenant;
  hosts: string[];
  url: string;
}

const NAME_MAX = 120;
const HOST_CACHE_TTL_MILLISECONDS = 5_000;
const HOST_CACHE_MAX_ENTRIES = 10_000;

export function createTenantService(deps: { db: Database; config: Config }) {
  const { db, config } = deps;
  const defaultPort = defaultPortOf(config.platformUrl);
  const platformHost = normalizeHost(config.platformUrl.host, defaultPort);
  const hostCache = new Map<string, { tenant: Tenant; expiresAt: number }>();
  const formTargetCache = new Map<string, { origins: string[]; expiresAt: number }>();

  function baseUrlOf(host: string): string {
    return `${config.platformUrl.protocol}//${host}`;
  }

  /** After a change to a tenant or its hosts: this process serves the new state at once, others within the TTL. */
  function forgetTenant(tenantId: string): void {
    formTargetCache.clear();
    for (const [host, entry] of hostCache) {
      if (entry.tenant.id === tenantId) {
        hostCache.delete(host);
      }
    }
  }

  return {
    normalizeHost: (value: string): string | null => normalizeHost(value, defaultPort),

    isPlatformHost: (host: string): boolean => host === platformHost,

    platformBaseUrl: (): string => config.platformUrl.origin,

    async createTenant(input: CreateTenantInput): Promise<TenantSummary> {
      const slug = input.slug.trim().toLowerCase();
      const name = input.name.normalize('NFC').trim();
      if (!isValidSlug(slug)) {
        throw new AppError(
          'TENANT_SLUG_INVALID',
          `Invalid slug "${input.slug}": use 1–40 lower-case letters, digits and hyphens`,
        );
      }
      if (name.length === 0 || name.length > NAME_MAX || /\p{Cc}/u.test(name)) {
        throw new AppError('TENANT_NAME_INVALID', {
          detail: `Invalid name: 1–${NAME_MAX} characters, no control characters`,
          params: { max: NAME_MAX },
        });
      }
      if (input.primaryColor !== undefined && !/^#[0-9a-f]{6}$/i.test(input.primaryColor)) {
        throw new AppError('COLOUR_INVALID', 'Invalid colour: use #rrggbb');
      }
      const hosts = normalizeHosts(input.hosts);
      return db
        .transaction(async (tx) => {
          const queries = createTenantQueries(tx);
          if ((await queries.findTenantBySlug(slug)) !== null) {
            throw new AppError('TENANT_SLUG_TAKEN', `A tenant with slug "${slug}" exists already`);
          }
          for (const host of hosts) {
            if (host === platformHost || (await queries.isHostTaken(host))) {
              throw new AppError('HOST_TAKEN', `Host ${host} is already in use`);
            }
          }
          const tenant = await queries.insertTenant({
            slug,
            name,
            ...(input.primaryColor ? { primaryColor: input.primaryColor.toLowerCase() } : {}),
          });
          for (const [index, host] of hosts.entries()) {
            await queries.insertHost({ tenantId: tenant.id, host, isPrimary: index === 0 });
          }
          return { tenant, hosts, url: baseUrlOf(required(hosts[0])) };
        })
        .finally(() => formTargetCache.clear());
    },

    /**
     * Every page request asks this, so known hosts are remembered for a few seconds. Only found
     * tenants are kept: a host added by another process is served at once, and a change to a known
     * host reaches this process within the TTL.
     */
    async findTenantByHost(host: string): Promise<Tenant | null> {
      const cached = hostCache.get(host);
      if (cached !== undefined && cached.expiresAt > performance.now()) {
        return cached.tenant;
      }
      const tenant = await createTenantQueries(db).findTenantByHost(host);
      if (tenant !== null) {
        if (hostCache.size >= HOST_CACHE_MAX_ENTRIES) {
          hostCache.clear();
        }
        hostCache.set(host, { tenant, expiresAt: performance.now() + HOST_CACHE_TTL_MILLISECONDS });
      } else {
        hostCache.delete(host);
      }
      return tenant;
    },

    /**
     * Where a form on this site may post or be redirected to (CSP form-action): the platform's login
     * hands over to a broker's primary host; a broker's pages stay on its own hosts or go to the
     * platform. Asked for every page, so remembered for a few seconds like the hosts.
     */
    async listFormTargets(
      tenantId: string | null,
      options: { isFresh: boolean } = { isFresh: false },
    ): Promise<string[]> {
      const key = tenantId ?? '';
      const cached = formTargetCache.get(key);
      if (!options.isFresh && cached !== undefined && cached.expiresAt > performance.now()) {
        return cached.origins;
      }
      const queries = createTenantQueries(db);
      const hosts = tenantId === null ? await queries.listPrimaryHosts() : await queries.listHosts(tenantId);
      const origins = [
        ...new Set([...(tenantId === null ? [] : [config.platformUrl.origin]), ...hosts.map(baseUrlOf)]),
      ];
      if (formTargetCache.size >= HOST_CACHE_MAX_ENTRIES) {
        formTargetCache.clear();
      }
      formTargetCache.set(key, { origins, expiresAt: performance.now() + HOST_CACHE_TTL_MILLISECONDS });
      return origins;
    },

    async findTenantBySlug(slug: string): Promise<Tenant> {
      const tenant = await createTenantQueries(db).findTenantBySlug(slug.trim().toLowerCase());
      if (tenant === null) {
        throw new AppError('TENANT_NOT_FOUND', `No tenant with slug "${slug}"`);
      }
      return tenant;
    },

    findTenantById: (tenantId: string, executor: Database = db): Promise<Tenant | null> =>
      createTenantQueries(executor).findTenantById(tenantId),

    /** Links in e-mails are built from the configured primary host, never from a request. */
    async tenantBaseUrl(tenantId: string, executor: Database = db): Promise<string> {
      const host = await createTenantQueries(executor).findPrimaryHost(tenantId);
      return host === null ? config.platformUrl.origin : baseUrlOf(host);
    },

    /** Session timeouts and the staff's second factor; a value left out stays as it is. */
    async updateTenantSettings(
      slug: string,
      values: { sessionIdleMinutes?: number; sessionAbsoluteHours?: number; requireStaffSecondFactor?: boolean },
    ): Promise<Tenant> {
      const inRange = (value: number | undefined, range: { min: number; max: number }): boolean =>
        value === undefined || (Number.isInteger(value) && value >= range.min && value <= range.max);
      if (!inRange(values.sessionIdleMinutes, SESSION_IDLE_MINUTES_RANGE)) {
        throw new AppError('SESSION_IDLE_INVALID', {
          detail:
            `Invalid idle timeout: a whole number of minutes from ${SESSION_IDLE_MINUTES_RANGE.min} to ` +
            `${SESSION_IDLE_MINUTES_RANGE.max}`,
          params: SESSION_IDLE_MINUTES_RANGE,
        });
      }
      if (!inRange(values.sessionAbsoluteHours, SESSION_ABSOLUTE_HOURS_RANGE)) {
        throw new AppError('SESSION_ABSOLUTE_INVALID', {
          detail:
            `Invalid absolute timeout: a whole number of hours from ${SESSION_ABSOLUTE_HOURS_RANGE.min} to ` +
            `${SESSION_ABSOLUTE_HOURS_RANGE.max}`,
          params: SESSION_ABSOLUTE_HOURS_RANGE,
        });
      }
      const queries = createTenantQueries(db);
      const tenant = await queries.findTenantBySlug(slug.trim().toLowerCase());
      if (tenant === null) {
        throw new AppError('TENANT_NOT_FOUND', `No tenant with slug "${slug}"`);
      }
      const updated = await queries.updateTenant(tenant.id, values);
      // Other processes see the change within the cache's few seconds; this one at once.
      forgetTenant(tenant.id);
      return required(updated);
    },

    countTenants: (): Promise<number> => createTenantQueries(db).countTenants(),

    forgetTenant,
  };

  function normalizeHosts(values: string[]): string[] {
    if (values.length === 0) {
      throw new AppError('HOST_INVALID', 'At least one --host is required');
    }
    const hosts = values.map((value) => {
      const host = normalizeHost(value, defaultPort);
      if (host === null) {
        throw new AppError(
          'HOST_INVALID',
          `Invalid host "${value}": use a host name with an optional port, like portal.example.com or ` +
            `name.localhost:3000`,
        );
      }
      return host;
    });
    if (new Set(hosts).size !== hosts.length) {
      throw new AppError('HOST_INVALID', 'The same host was given twice');
    }
    return hosts;
  }
}

export type TenantService = ReturnType<typeof createTenantService>;
