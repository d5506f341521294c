import type { Database } from '../../db/database.js';
import { createIdentityQueries } from './identity-repo.js';

/**
 * What other modules do with identities (a person's address, name, language and password, global across tenants).
 * Identities are written inside the caller's transaction (an invitation, a password set, an address change lock the row
 * and change it with their own rows), so each operation runs on the executor given: the caller's transaction or the
 * database. Other modules use this, never the identity repo.
 */
export type IdentityOperations = ReturnType<typeof createIdentityQueries>;

export function identitiesIn(executor: Database): IdentityOperations {
  return createIdentityQueries(executor);
}
