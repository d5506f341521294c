import { AppError } from '../../shared/errors.js';
import { CLAIM_ROUTES, type ClaimRoute } from './claim.js';
import { claimRouteOfSparte } from './claim-routes-policy.js';

/** Every three-digit GDV code, '000' to '999': the domain a tenant's mapping is decided over. */
export const ALL_SPARTE_CODES: readonly string[] = Array.from({ length: 1000 }, (_, index) =>
  String(index).padStart(3, '0'),
);

export function isClaimRoute(value: string): value is ClaimRoute {
  return (CLAIM_ROUTES as readonly string[]).includes(value);
}

/** The route of a Sparte under a tenant's own choices (`overrides`, code → route); the code's mapping otherwise. */
export function routeOfSparteIn(overrides: ReadonlyMap<string, ClaimRoute>, sparte: string | null): ClaimRoute {
  return (sparte === null ? undefined : overrides.get(sparte)) ?? claimRouteOfSparte(sparte);
}

/**
 * What the settings page shows: for each route the Sparten that go to it. Every route but DEFAULT lists all its codes;
 * DEFAULT takes every Sparte not listed elsewhere and lists only those moved there from another route.
 */
export function mappingShown(overrides: ReadonlyMap<string, ClaimRoute>): Record<ClaimRoute, string[]> {
  const shown = Object.fromEntries(CLAIM_ROUTES.map((route) => [route, [] as string[]])) as Record<
    ClaimRoute,
    string[]
  >;
  for (const code of ALL_SPARTE_CODES) {
    const route = routeOfSparteIn(overrides, code);
    if (route !== 'DEFAULT' || overrides.get(code) === 'DEFAULT') shown[route].push(code);
  }
  return shown;
}

/**
 * Reads the settings form: one field per route with the Sparten's three-digit codes, separated by commas or spaces.
 * Refuses a field that names no route (CLAIM_ROUTE_UNKNOWN), a code that is not three digits
 * (CLAIM_ROUTE_SPARTE_INVALID) and a code under two routes (CLAIM_ROUTE_SPARTE_TWICE), each with its field. A Sparte
 * named nowhere goes to DEFAULT. Answers the rows to store: the codes whose route differs from the code's mapping.
 */
export function parseRouteMapping(form: Readonly<Record<string, string>>): Map<string, ClaimRoute> {
  const chosen = new Map<string, ClaimRoute>();
  for (const [field, text] of Object.entries(form)) {
    if (!isClaimRoute(field)) {
      throw new AppError('CLAIM_ROUTE_UNKNOWN', { field, params: { route: field.slice(0, 20) } });
    }
    for (const code of text.split(/[\s,;]+/u).filter((entry) => entry !== '')) {
      if (!/^[0-9]{3}$/u.test(code)) {
        throw new AppError('CLAIM_ROUTE_SPARTE_INVALID', { field, params: { code: code.slice(0, 20) } });
      }
      const earlier = chosen.get(code);
      if (earlier !== undefined && earlier !== field) {
        throw new AppError('CLAIM_ROUTE_SPARTE_TWICE', { field, params: { code } });
      }
      chosen.set(code, field);
    }
  }
  const overrides = new Map<string, ClaimRoute>();
  for (const code of ALL_SPARTE_CODES) {
    const route = chosen.get(code) ?? 'DEFAULT';
    if (route !== claimRouteOfSparte(code)) overrides.set(code, route);
  }
  return overrides;
}
