import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import { CLAIM_ROUTES, type ClaimRoute } from './claim.js';
import {
  ALL_SPARTE_CODES,
  isClaimRoute,
  mappingShown,
  parseRouteMapping,
  routeOfSparteIn,
} from './claim-route-settings.js';
import { createClaimSparteRouteQueries } from './claim-sparte-route-repo.js';

/** The most changed Sparten the Protokoll's line names one by one. */
const MAX_CHANGES_NAMED = 20;

async function overridesOf(db: Database, tenantId: string): Promise<Map<string, ClaimRoute>> {
  const rows = await createClaimSparteRouteQueries(db).listOf(tenantId);
  return new Map(rows.flatMap((row) => (isClaimRoute(row.route) ? [[row.sparte, row.route] as const] : [])));
}

/**
 * The workspace's setting "Schadenrouten": which route's questions a claim of each Sparte asks. Today's mapping in code
 * (`claimRouteOfSparte`) is the default; a tenant stores only where it differs. Read when a claim starts.
 */
export function createClaimRouteSettingsService(deps: { db: Database; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps;
  return {
    /** For each route the Sparten that go to it (DEFAULT: only those moved there from another route). */
    async mappingOf(tenantId: string): Promise<Record<ClaimRoute, string[]>> {
      return mappingShown(await overridesOf(db, tenantId));
    },

    /**
     * Stores the form's mapping (one field per route, codes separated by commas or spaces) and records the change in
     * the Protokoll; a refusal (`parseRouteMapping`) stores nothing.
     */
    async saveMapping(
      tenantId: string,
      form: Readonly<Record<string, string>>,
      actor: { identityId: string | null; origin: RequestOrigin },
    ): Promise<void> {
      const wanted = parseRouteMapping(form);
      await db.transaction(async (tx) => {
        const before = await overridesOf(tx, tenantId);
        const changed = ALL_SPARTE_CODES.flatMap((code) => {
          const from = routeOfSparteIn(before, code);
          const to = routeOfSparteIn(wanted, code);
          return from === to ? [] : [`${code}: ${from} → ${to}`];
        });
        if (changed.length === 0) return;
        await createClaimSparteRouteQueries(tx).replace(
          tenantId,
          [...wanted].map(([sparte, route]) => ({ sparte, route })),
          clock.now(),
        );
        const named = changed.slice(0, MAX_CHANGES_NAMED).join(', ');
        const more = changed.length > MAX_CHANGES_NAMED ? ` (+${changed.length - MAX_CHANGES_NAMED})` : '';
        await audit.record(
          {
            kind: 'settings.changed',
            tenantId,
            identityId: null,
            actorIdentityId: actor.identityId,
            origin: actor.origin,
            detail: `Schadenrouten: ${named}${more}`,
          },
          tx,
        );
      });
    },

    routes: CLAIM_ROUTES,
  };
}

export type ClaimRouteSettingsService = ReturnType<typeof createClaimRouteSettingsService>;

/** The route a new claim of the Sparte asks, under the tenant's setting; read on the executor given. */
export async function claimRouteFor(db: Database, tenantId: string, sparte: string | null): Promise<ClaimRoute> {
  if (sparte === null) return 'DEFAULT';
  const stored = await createClaimSparteRouteQueries(db).routeOf(tenantId, sparte);
  return stored !== null && isClaimRoute(stored) ? stored : routeOfSparteIn(new Map(), sparte);
}
