import type { Context, MiddlewareHandler } from 'hono';
import type { Tenant } from '../modules/tenants/tenant.js';
import type { CurrentSession } from '../modules/sessions/session-service.js';
import type { Language } from '../shared/i18n/translator.js';

/** Which portal a request is for: decided from the Host header against configured hosts only. */
export type Site = { kind: 'platform'; host: string } | { kind: 'tenant'; host: string; tenant: Tenant };

export type StaffRole = 'staff_admin' | 'staff_user';

export interface AppEnv {
  Variables: {
    /** Who sent the request, for throttling and audit records (see client-address.ts). */
    clientAddress: string;
    site: Site;
    nonce: string;
    csrfToken: string;
    session: CurrentSession | null;
    /** The language of the pages of this request (see language.ts). */
    language: Language;
  };
}

/** The pages of a logged-in person (Mein Zugang, colleagues): their area's guard has found the session. */
export interface SignedInEnv {
  Variables: Omit<AppEnv['Variables'], 'session'> & { session: CurrentSession };
}

/** A logged-in person's pages on their broker's own host (colleagues): the guard has found both. */
export interface TenantMemberEnv {
  Variables: SignedInEnv['Variables'] & { tenant: Tenant };
}

/** The workspace under /admin: its guard has found the session, the tenant and the person's staff role there. */
export interface StaffEnv {
  Variables: TenantMemberEnv['Variables'] & { staffRole: StaffRole };
}

export type AppContext = Context<AppEnv>;
export type SignedInContext = Context<SignedInEnv>;
export type TenantMemberContext = Context<TenantMemberEnv>;
export type StaffContext = Context<StaffEnv>;

/**
 * Any page's context. Helpers shared by all pages (rendering, language, client address) take this, so
 * the guarded areas, whose variables are narrower, can call them too.
 */
export type PageContext<E extends AppEnv = AppEnv> = Context<E>;

/**
 * The middleware a guarded area starts with: it sees the app's variables (session possibly null) and
 * sets the area's own. Typed so, the handlers behind it read `c.var.session` and `c.var.tenant` without `!`.
 */
export type AreaGuard<Area extends { Variables: object }> = MiddlewareHandler<{
  Variables: AppEnv['Variables'] & Omit<Area['Variables'], keyof AppEnv['Variables']>;
}>;

export function tenantOf(site: Site): Tenant | null {
  return site.kind === 'tenant' ? site.tenant : null;
}
