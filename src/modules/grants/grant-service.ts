import type { Database } from '../../db/database.js';
import { createGrantQueries, type GrantView } from './grant-repo.js';

export function createGrantService(deps: { db: Database }) {
  return {
    /** The grants (Freischaltungen) one person holds in one tenant. */
    listGrantsOf: (tenantId: string, identityId: string): Promise<GrantView[]> => createGrantQueries(deps.db).listGrantsOf(tenantId, identityId),
  };
}

export type GrantService = ReturnType<typeof createGrantService>;
