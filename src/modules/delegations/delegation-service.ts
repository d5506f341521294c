import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, isAppError } from '../../shared/errors.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import type { GrantService } from '../grants/grant-service.js';
import { parseEmailAddress } from '../identities/email-address.js';
import { parsePersonName } from '../identities/identity.js';
import type { InvitationService } from '../invitations/invitation-service.js';
import { parseGrantName } from '../invitations/invitation.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import { createDelegationQueries } from './delegation-repo.js';
import { createPortalNavigationQueries, type NavigationFlagsRow } from '../read-models/portal-navigation.js';
import {
  delegatedGrantName,
  sharingOptionsOf,
  toColleagues,
  type Colleague,
  type DelegationOffer,
  type DelegationOverview,
} from './delegation.js';
import { isUuid } from '../../shared/ids.js';

/** The person acting in their own portal; audit events name them as the actor. */
export interface DelegationActor {
  identityId: string;
  origin: RequestOrigin;
}

export interface ColleagueInput {
  grantId: string;
  profileId: string;
  email: string;
  name: string;
}

export interface InvitedColleague {
  state: 'invited' | 'active';
  grantName: string;
}

/** The invitee did not type this name, so a refusal of it is theirs to take to the broker, not to correct. */
function delegatedGrantNameOf(...args: Parameters<typeof delegatedGrantName>): string {
  try {
    return parseGrantName(delegatedGrantName(...args));
  } catch (error) {
    throw isAppError(error) && error.code === 'GRANT_NAME_INVALID'
      ? new AppError('DELEGATED_GRANT_NAME_INVALID', error.message)
      : error;
  }
}

function notFound(): AppError {
  // A grant the person did not delegate, another tenant's and a made-up id all look the same.
  return new AppError('DELEGATION_NOT_FOUND', 'No such delegation of this person');
}

/**
 * Holders of a grant whose profile delegates to other profiles invite colleagues into grants of
 * those profiles, in their own portal, and manage only the grants they created that way.
 */
export function createDelegationService(deps: {
  db: Database;
  clock: Clock;
  grants: GrantService;
  invitations: InvitationService;
  outbox: OutboxService;
  webhooks: WebhookService;
}) {
  const { db, grants, invitations } = deps;

  /** The delegated grant of that name, created when new. */
  async function findOrCreateDelegatedGrant(
    tx: Database,
    tenantId: string,
    offer: DelegationOffer,
    name: string,
    actor: DelegationActor,
  ): Promise<string> {
    const queries = createDelegationQueries(tx);
    // Reused only when this person made it, out of this grant, with this profile; never a grant made otherwise.
    const isOwn = (grant: {
      profileId: string | null;
      delegatedFromGrantId: string | null;
      delegatedByIdentityId: string | null;
    }) =>
      grant.delegatedFromGrantId === offer.grantId &&
      grant.delegatedByIdentityId === actor.identityId &&
      grant.profileId === offer.profileId;
    let existing = await queries.findGrantByName(tenantId, name);
    if (existing === null) {
      const source = await grants.getGrantWithin(tx, tenantId, offer.grantId);
      try {
        const created = await grants.createDelegatedGrantWithin(
          tx,
          tenantId,
          { name, kind: offer.kind, customerNumbers: source.customerNumbers, ...sharingOptionsOf(offer) },
          { profileId: offer.profileId, delegatedByIdentityId: actor.identityId, delegatedFromGrantId: offer.grantId },
          actor.origin,
        );
        return created.id;
      } catch (error) {
        // Another request created it a moment ago; it is committed, so this transaction sees it now.
        if (!isAppError(error) || error.code !== 'GRANT_NAME_TAKEN') {
          throw error;
        }
        existing = await queries.findGrantByName(tenantId, name);
      }
    }
    if (existing === null || !isOwn(existing)) {
      throw new AppError(
        'DELEGATION_NAME_TAKEN',
        'A grant of that name exists and was not delegated by this person out of this grant with this profile',
      );
    }
    return existing.id;
  }

  async function findColleague(
    executor: Database,
    tenantId: string,
    identityId: string,
    grantId: string,
    colleagueId: string,
  ): Promise<Colleague> {
    if (!isUuid(grantId) || !isUuid(colleagueId)) {
      throw notFound();
    }
    const colleague = toColleagues(
      await createDelegationQueries(executor).listDelegatedGrants(tenantId, identityId),
    ).find((candidate) => candidate.grantId === grantId && candidate.identityId === colleagueId);
    if (colleague === undefined) {
      throw notFound();
    }
    return colleague;
  }

  return {
    /** What the person may hand out and whom they invited; `isDelegating` is false for everybody else. */
    /**
     * The person's roles here, whether they delegate (`getOverview`'s `isDelegating`) and how many conversations they
     * see are unread, in one statement: what the navigation of every portal page needs besides the portfolio.
     */
    navigationFlagsOf: (tenantId: string, identityId: string): Promise<NavigationFlagsRow> =>
      createPortalNavigationQueries(db).flagsOf(tenantId, identityId, deps.clock.now()),

    async getOverview(tenantId: string, identityId: string): Promise<DelegationOverview> {
      const queries = createDelegationQueries(db);
      const [offers, delegated] = await Promise.all([
        queries.listOffers(tenantId, identityId),
        queries.listDelegatedGrants(tenantId, identityId),
      ]);
      return { offers, colleagues: toColleagues(delegated), isDelegating: offers.length > 0 || delegated.length > 0 };
    },

    getColleague: (tenantId: string, identityId: string, grantId: string, colleagueId: string): Promise<Colleague> =>
      findColleague(db, tenantId, identityId, grantId, colleagueId),

    /**
     * Opens a grant of a delegated profile for a colleague, the way staff share a grant with an
     * address: the same invitation whether or not the address has a password from another broker (who then gets access
     * at
     * once and a mail instead of a link), and the same answer: "invited" unless the person already had access here.
     * Grant, access, mail and audit events are written in one transaction, or nothing is.
     */
    async inviteColleague(tenant: Tenant, actor: DelegationActor, input: ColleagueInput): Promise<InvitedColleague> {
      const email = parseEmailAddress(input.email);
      if (email === null) {
        throw new AppError('EMAIL_INVALID', 'Invalid e-mail address');
      }
      if (parsePersonName(input.name) === null) {
        throw new AppError('NAME_INVALID', 'Invalid name: 1–120 characters, no control characters');
      }
      const outcome = await db.transaction(async (tx) => {
        const offer = (await createDelegationQueries(tx).listOffers(tenant.id, actor.identityId)).find(
          (candidate) => candidate.grantId === input.grantId && candidate.profileId === input.profileId,
        );
        if (offer === undefined) {
          throw notFound();
        }
        const name = delegatedGrantNameOf(offer, email.canonical);
        const grantId = await findOrCreateDelegatedGrant(tx, tenant.id, offer, name, actor);
        const invited = await invitations.inviteWithin(
          tx,
          tenant,
          {
            email: input.email,
            name: input.name,
            role: offer.kind === 'intermediary' ? 'intermediary' : 'policyholder',
            grant: { id: grantId },
          },
          { origin: actor.origin },
        );
        if (invited.identityId === actor.identityId) {
          throw new AppError('DELEGATION_SELF', 'A person cannot invite themselves');
        }
        return { state: invited.state, grantName: name };
      });
      return outcome;
    },

    /**
     * Ends the colleague's access through that grant at once (and their sessions here when no other
     * grant is left). A delegated grant nobody uses any more is deleted in the same transaction; the
     * next invitation creates it afresh with the profile's options of then.
     */
    async removeColleague(
      tenantId: string,
      actor: DelegationActor,
      grantId: string,
      colleagueId: string,
    ): Promise<void> {
      const colleague = await findColleague(db, tenantId, actor.identityId, grantId, colleagueId);
      await grants.removePersonFromGrant(tenantId, colleague.grantId, colleague.identityId, actor.origin, {
        whenEmpty: 'delete',
      });
    },
  };
}

export type DelegationService = ReturnType<typeof createDelegationService>;
