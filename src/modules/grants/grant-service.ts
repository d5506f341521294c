import type { Database } from '../../db/database.js';
import { findGrantOrigin } from '../read-models/grant-origin.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { ActionTokenService } from '../action-tokens/action-token-service.js';
import { CLI_ORIGIN, type AuditService, type RequestOrigin } from '../audit/audit-service.js';
import { parseCustomerNumbers, parseGrantName } from '../invitations/invitation.js';
import { membershipsIn } from '../memberships/membership-service.js';
import type { SessionService } from '../sessions/session-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import {
  createGrantAdminQueries,
  createGrantQueries,
  type DelegationOfGrant,
  type GrantKind,
  type GrantOrigin,
  type GrantOptions,
  type GrantRow,
  type GrantView,
} from './grant-repo.js';
import { sharingOf, type GrantSharing } from './grant.js';
import { isUuid } from '../../shared/ids.js';

/**
 * What the invitation path does with grants inside its own transaction: find grants by id, find or create them by name,
 * add customers and members for a whole list at once. It runs on the executor given, so the grant rows are written
 * with the memberships and tokens of the same invitations. Other modules use this, never the grant repo.
 */
export type GrantOperations = Pick<
  ReturnType<typeof createGrantAdminQueries>,
  'findMany' | 'findOrCreateMany' | 'listMembershipPairs' | 'addCustomersMany' | 'addMembersMany' | 'memberIdsOf'
>;

export function grantsIn(executor: Database): GrantOperations {
  return createGrantAdminQueries(executor);
}

export interface Grant extends GrantOptions {
  id: string;
  name: string;
  kind: GrantKind;
  customerNumbers: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type GrantInput = { name: string; kind: GrantKind; customerNumbers?: string[] } & Partial<GrantOptions>;
export type GrantChange = Partial<Omit<GrantInput, 'kind'>>;

/** A profile's options as copied into a grant, with the profile's id. */
export type AppliedProfile = GrantSharing & { id: string };

function toGrant(row: GrantRow, customerNumbers: string[]): Grant {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as GrantKind,
    customerNumbers,
    ...sharingOf(row),
    responsibleStaffId: row.responsibleStaffId,
    customerAddNeedsPrivacyNotice: row.customerAddNeedsPrivacyNotice,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function createGrantService(deps: {
  db: Database;
  clock: Clock;
  audit: AuditService;
  webhooks: WebhookService;
  sessions: SessionService;
  actionTokens: ActionTokenService;
}) {
  const { db, clock, audit, webhooks } = deps;

  async function checkStaffMember(
    executor: Database,
    tenantId: string,
    identityId: string | null | undefined,
  ): Promise<void> {
    if (identityId === null || identityId === undefined) {
      return;
    }
    const roles = isUuid(identityId) ? await membershipsIn(executor).listRoles(tenantId, identityId) : [];
    if (!roles.some((role) => role === 'staff_admin' || role === 'staff_user')) {
      throw new AppError('STAFF_MEMBER_INVALID', 'responsibleStaffId must name a staff member of this tenant');
    }
  }

  async function loadGrant(executor: Database, tenantId: string, id: string): Promise<Grant> {
    const row = isUuid(id) ? await createGrantAdminQueries(executor).find(tenantId, id) : null;
    if (row === null) {
      throw new AppError('GRANT_NOT_FOUND', 'No such grant');
    }
    return toGrant(row, (await createGrantAdminQueries(executor).customersOf(tenantId, [row.id])).get(row.id) ?? []);
  }

  async function recordChange(
    executor: Database,
    tenantId: string,
    grantId: string,
    change: string,
    origin: RequestOrigin,
    detail?: string,
    name?: string,
  ): Promise<void> {
    await audit.record(
      {
        kind: change === 'created' ? 'grant.created' : change === 'deleted' ? 'grant.deleted' : 'grant.changed',
        tenantId,
        identityId: null,
        origin,
        grant: name === undefined ? { id: grantId } : { id: grantId, name },
        ...(detail === undefined ? {} : { detail }),
      },
      executor,
    );
    await webhooks.emit(executor, tenantId, 'grant.changed', { grantId, change });
  }

  /**
   * Ends a person's access in a tenant once no grant is left: customer roles go, pending invitations
   * there are revoked, and without any remaining role their sessions there end at once.
   */
  async function endAccessIfNoGrantLeft(executor: Database, tenantId: string, identityId: string): Promise<void> {
    if ((await createGrantAdminQueries(executor).countGrantsOf(tenantId, identityId)) > 0) {
      return;
    }
    const memberships = membershipsIn(executor);
    await memberships.deleteCustomerRoles(tenantId, identityId);
    if (!(await memberships.hasAnyMembership(tenantId, identityId))) {
      await deps.actionTokens.revokeOpenTokens(executor, { identityId, purpose: 'invitation', tenantId });
      await deps.sessions.endSessionsInTenant(executor, identityId, tenantId);
    }
  }

  /** Locks the grant's row for the rest of the transaction; people cannot be added to it meanwhile. */
  async function lockGrant(executor: Database, tenantId: string, id: string): Promise<void> {
    if (!isUuid(id) || (await createGrantAdminQueries(executor).find(tenantId, id, { forUpdate: true })) === null) {
      throw new AppError('GRANT_NOT_FOUND', 'No such grant');
    }
  }

  async function applyProfileIn(
    executor: Database,
    tenantId: string,
    id: string,
    profile: AppliedProfile,
    origin: RequestOrigin,
  ): Promise<void> {
    const options = sharingOf(profile);
    await lockGrant(executor, tenantId, id);
    await createGrantAdminQueries(executor).update(tenantId, id, { ...options, profileId: profile.id }, clock.now());
    await recordChange(executor, tenantId, id, 'updated', origin);
  }

  async function deleteLockedGrant(
    executor: Database,
    tenantId: string,
    id: string,
    origin: RequestOrigin,
  ): Promise<void> {
    const queries = createGrantAdminQueries(executor);
    // Grants holders delegated out of this one (and out of those) go with it, through the foreign key.
    const deleted = [id, ...(await queries.delegatedGrantIdsFrom(tenantId, id))];
    const members = new Set<string>();
    // The log keeps each grant's name: after the delete it cannot be looked up.
    const names = new Map<string, string>();
    for (const grantId of deleted) {
      (await queries.memberIdsOf(tenantId, grantId)).forEach((identityId) => members.add(identityId));
      const row = await queries.find(tenantId, grantId);
      if (row !== null) names.set(grantId, row.name);
    }
    await queries.delete(tenantId, id);
    for (const identityId of members) {
      await endAccessIfNoGrantLeft(executor, tenantId, identityId);
    }
    for (const grantId of deleted) {
      await recordChange(executor, tenantId, grantId, 'deleted', origin, undefined, names.get(grantId));
    }
  }

  async function createGrantIn(
    executor: Database,
    tenantId: string,
    input: GrantInput,
    delegation: DelegationOfGrant | null,
    origin: RequestOrigin,
  ): Promise<Grant> {
    const name = parseGrantName(input.name);
    const customerNumbers = parseCustomerNumbers(input.customerNumbers ?? []);
    await checkStaffMember(executor, tenantId, input.responsibleStaffId);
    const row = await createGrantAdminQueries(executor).insert({
      tenantId,
      name,
      kind: input.kind,
      createdAt: clock.now(),
      includeClaims: input.includeClaims ?? false,
      claimsNeedRelease: input.claimsNeedRelease ?? false,
      claimsWithoutContract: input.claimsWithoutContract ?? false,
      claimsOnly: input.claimsOnly ?? false,
      includeReferenceAddresses: input.includeReferenceAddresses ?? false,
      shareCases: input.shareCases ?? false,
      shareContractsAutomatically: input.shareContractsAutomatically ?? false,
      restrictedLinesOfBusiness: [...new Set(input.restrictedLinesOfBusiness ?? [])],
      documentProfile: input.documentProfile ?? null,
      responsibleStaffId: input.responsibleStaffId ?? null,
      customerAddNeedsPrivacyNotice: input.customerAddNeedsPrivacyNotice ?? false,
      profileId: delegation?.profileId ?? null,
      delegatedByIdentityId: delegation?.delegatedByIdentityId ?? null,
      delegatedFromGrantId: delegation?.delegatedFromGrantId ?? null,
    });
    if (row === null) {
      throw new AppError('GRANT_NAME_TAKEN', 'A grant of this name exists already');
    }
    await createGrantAdminQueries(executor).replaceCustomers(tenantId, row.id, customerNumbers);
    await recordChange(
      executor,
      tenantId,
      row.id,
      'created',
      origin,
      (delegation?.delegatedFromGrantId ?? null) === null ? undefined : `Im Kundenportal delegiert: ${name}`,
    );
    return toGrant(row, customerNumbers);
  }

  return {
    /** The grants (Freischaltungen) one person holds in one tenant. */
    listGrantsOf: (tenantId: string, identityId: string): Promise<GrantView[]> =>
      createGrantQueries(deps.db).listGrantsOf(tenantId, identityId),

    createGrant: (tenantId: string, input: GrantInput, origin: RequestOrigin = CLI_ORIGIN): Promise<Grant> =>
      db.transaction((tx) => createGrantIn(tx, tenantId, input, null, origin)),

    /**
     * Creates a grant with a profile applied in the same transaction: the profile's options replace the
     * input's, and the grant remembers the profile (as applyProfile does for an existing grant).
     */
    createGrantWithProfile: (
      tenantId: string,
      input: GrantInput,
      profile: AppliedProfile,
      origin: RequestOrigin = CLI_ORIGIN,
    ): Promise<Grant> =>
      db.transaction((tx) =>
        createGrantIn(
          tx,
          tenantId,
          {
            ...input,
            ...sharingOf(profile),
          },
          { profileId: profile.id, delegatedByIdentityId: null, delegatedFromGrantId: null },
          origin,
        ),
      ),

    /**
     * A grant a holder creates in their own portal, inside the caller's transaction: it remembers the
     * profile it was made with, who made it and out of which grant. The caller tells the webhooks once committed.
     */
    createDelegatedGrantWithin: (
      executor: Database,
      tenantId: string,
      input: GrantInput,
      delegation: { profileId: string; delegatedByIdentityId: string; delegatedFromGrantId: string },
      origin: RequestOrigin,
    ): Promise<Grant> => createGrantIn(executor, tenantId, input, delegation, origin),

    getGrant: (tenantId: string, id: string): Promise<Grant> => loadGrant(db, tenantId, id),

    getGrantWithin: (executor: Database, tenantId: string, id: string): Promise<Grant> =>
      loadGrant(executor, tenantId, id),

    /** Where a grant comes from, for staff: the profile applied, and who delegated it out of which grant. */
    describeGrantOrigin: (tenantId: string, id: string): Promise<GrantOrigin> => findGrantOrigin(db, tenantId, id),

    async listGrants(tenantId: string, afterId: string | null, limit: number): Promise<Grant[]> {
      const queries = createGrantAdminQueries(db);
      const rows = await queries.listPage(tenantId, afterId !== null && isUuid(afterId) ? afterId : null, limit);
      const customers = await queries.customersOf(
        tenantId,
        rows.map((row) => row.id),
      );
      return rows.map((row) => toGrant(row, customers.get(row.id) ?? []));
    },

    async updateGrant(
      tenantId: string,
      id: string,
      change: GrantChange,
      origin: RequestOrigin = CLI_ORIGIN,
    ): Promise<Grant> {
      const name = change.name === undefined ? undefined : parseGrantName(change.name);
      const customerNumbers =
        change.customerNumbers === undefined ? undefined : parseCustomerNumbers(change.customerNumbers);
      const outcome = await db.transaction(async (tx) => {
        const queries = createGrantAdminQueries(tx);
        if (!isUuid(id) || (await queries.find(tenantId, id, { forUpdate: true })) === null) {
          throw new AppError('GRANT_NOT_FOUND', 'No such grant');
        }
        await checkStaffMember(tx, tenantId, change.responsibleStaffId);
        if (name !== undefined && (await queries.isNameTaken(tenantId, name, id))) {
          throw new AppError('GRANT_NAME_TAKEN', 'A grant of this name exists already');
        }
        const { customerNumbers: _ignored, ...options } = change;
        await queries.update(
          tenantId,
          id,
          {
            ...options,
            ...(name === undefined ? {} : { name }),
            ...(options.restrictedLinesOfBusiness === undefined
              ? {}
              : { restrictedLinesOfBusiness: [...new Set(options.restrictedLinesOfBusiness)] }),
          },
          clock.now(),
        );
        if (customerNumbers !== undefined) {
          await queries.replaceCustomers(tenantId, id, customerNumbers);
        }
        await recordChange(tx, tenantId, id, 'updated', origin);
        return loadGrant(tx, tenantId, id);
      });
      return outcome;
    },

    /**
     * Copies the profile's options into the grant and remembers the profile: its options do not follow
     * later changes, its delegations (whom the grant's holders may invite) do.
     */
    async applyProfile(
      tenantId: string,
      id: string,
      profile: AppliedProfile,
      origin: RequestOrigin = CLI_ORIGIN,
    ): Promise<Grant> {
      const outcome = await db.transaction(async (tx) => {
        await applyProfileIn(tx, tenantId, id, profile, origin);
        return loadGrant(tx, tenantId, id);
      });
      return outcome;
    },

    /** The same inside the caller's transaction, e.g. right after inviting a person into the grant. */
    applyProfileWithin: (
      executor: Database,
      tenantId: string,
      id: string,
      profile: AppliedProfile,
      origin: RequestOrigin,
    ): Promise<void> => applyProfileIn(executor, tenantId, id, profile, origin),

    /**
     * Deleting a grant removes it, and the grants its holders delegated out of it, from everybody who
     * used them; whoever has nothing left loses access here.
     */
    async deleteGrant(tenantId: string, id: string, origin: RequestOrigin = CLI_ORIGIN): Promise<void> {
      await db.transaction(async (tx) => {
        await lockGrant(tx, tenantId, id);
        await deleteLockedGrant(tx, tenantId, id, origin);
      });
    },

    /**
     * Ends one person's access through one grant (and here altogether when no grant is left). With
     * `whenEmpty: 'delete'`, a grant nobody uses any more is deleted in the same transaction.
     */
    async removePersonFromGrant(
      tenantId: string,
      grantId: string,
      identityId: string,
      origin: RequestOrigin = CLI_ORIGIN,
      options: { whenEmpty?: 'keep' | 'delete' } = {},
    ): Promise<void> {
      await db.transaction(async (tx) => {
        const queries = createGrantAdminQueries(tx);
        await lockGrant(tx, tenantId, grantId);
        if (!isUuid(identityId) || !(await queries.removeMember(tenantId, grantId, identityId))) {
          throw new AppError('PERSON_NOT_FOUND', 'No such person on this grant');
        }
        await endAccessIfNoGrantLeft(tx, tenantId, identityId);
        await audit.record({ kind: 'access.removed', tenantId, identityId, origin, grant: { id: grantId } }, tx);
        await webhooks.emit(tx, tenantId, 'grant.changed', { grantId, change: 'person_removed', personId: identityId });
        if (options.whenEmpty === 'delete' && (await queries.memberIdsOf(tenantId, grantId)).length === 0) {
          await deleteLockedGrant(tx, tenantId, grantId, origin);
        }
      });
    },

    /**
     * Staff give or take a member's right to release the claims other members report through this grant
     * ("darf Schadenmeldungen freigeben"); recorded in the Protokoll. PERSON_NOT_FOUND for anybody not on the grant.
     */
    async setClaimReleaseRight(
      tenantId: string,
      grantId: string,
      identityId: string,
      mayRelease: boolean,
      origin: RequestOrigin = CLI_ORIGIN,
    ): Promise<void> {
      await db.transaction(async (tx) => {
        await lockGrant(tx, tenantId, grantId);
        const isMember =
          isUuid(identityId) &&
          (await createGrantAdminQueries(tx).setMayReleaseClaims(tenantId, grantId, identityId, mayRelease));
        if (!isMember) throw new AppError('PERSON_NOT_FOUND', 'No such person on this grant');
        await audit.record(
          {
            kind: 'grant.changed',
            tenantId,
            identityId,
            origin,
            grant: { id: grantId },
            detail: `darf Schadenmeldungen freigeben: ${mayRelease ? 'ja' : 'nein'}`,
          },
          tx,
        );
      });
    },

    /**
     * The members of the grant with "darf Schadenmeldungen freigeben", for its page in the workspace and for who may
     * release a claim; whether their access is open is not asked. Inside a transaction, pass it.
     */
    membersWhoMayReleaseClaims: async (
      tenantId: string,
      grantId: string,
      executor: Database = db,
    ): Promise<Set<string>> =>
      new Set(await createGrantAdminQueries(executor).membersMayReleaseClaims(tenantId, grantId)),

    /** Tells webhook subscribers that people were added to grants (single and bulk invitations). */
    async recordPeopleAdded(executor: Database, tenantId: string, grantIds: string[]): Promise<void> {
      await webhooks.emitMany(
        executor,
        tenantId,
        'grant.changed',
        [...new Set(grantIds)].map((grantId) => ({ grantId, change: 'people_added' })),
      );
    },
  };
}

export type GrantService = ReturnType<typeof createGrantService>;
