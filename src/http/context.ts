import type { Context } from 'hono';
import type { Tenant } from '../modules/tenants/tenant.js';
import type { CurrentSession } from '../modules/sessions/session-service.js';
import type { Services } from '../services.js';
import type { Language } from '../shared/i18n/translator.js';

/** Which portal a request is for: decided from the Host header against configured hosts only. */
export type Site = { kind: 'platform'; host: string } | { kind: 'tenant'; host: string; tenant: Tenant };

export interface AppEnv {
  Variables: {
    services: Services;
    site: Site;
    nonce: string;
    csrfToken: string;
    session: CurrentSession | null;
    /** The language of the pages of this request (see language.ts). */
    language: Language;
    /** Set inside the workspace (/admin) only. */
    staffRole: 'staff_admin' | 'staff_user';
  };
}

export type AppContext = Context<AppEnv>;

export function tenantOf(site: Site): Tenant | null {
  return site.kind === 'tenant' ? site.tenant : null;
}
