import type { Database } from '../../db/database.js';
import { builtOnce } from '../../db/sql-template.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, type FieldProblem } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit-service.js';
import type { DocumentService } from '../documents/document-service.js';
import type { FileStore } from '../documents/file-store.js';
import type { GrantService } from '../grants/grant-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { ContractView, CustomerView } from '../portfolio/portfolio-view.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { isClaimVisible, mayReleaseClaim, type ClaimScope } from '../visibility/visibility-policy.js';
import type {
  ClaimContractName,
  ClaimPageDecision,
  NavigationFlags,
  PortfolioSummary,
  VisibilityService,
} from '../visibility/visibility-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import {
  LAST_REQUIRED_STEP,
  MAX_RETURN_COMMENT_LENGTH,
  type ClaimAnswers,
  type ClaimRoute,
  type ClaimStatus,
  type ClaimStep,
  type ClaimView,
} from './claim.js';
import { parseClaimStep } from './claim-answers.js';
import { createClaimAttachmentService, type ExportedClaimFile } from './claim-attachment-service.js';
import { deliverSubmission } from './claim-submission.js';
import { enqueueClaimPortalMail } from './claim-notices.js';
import { createClaimHandlingQueries } from './claim-handling-repo.js';
import { claimWithStatement, createClaimQueries, type ClaimRow } from './claim-repo.js';
import { claimRouteFor } from './claim-route-settings-service.js';

export { responsibleFor } from './claim-submission.js';

/**
 * What a claim's pages (its steps and its own page) show besides the claim: its contract as the person sees it (null
 * without a contract or when they no longer see it), whether the claim will wait for release, whether the person may
 * release it, and, when read with the claim, the navigation's flags and summary.
 */
export interface ClaimPageView {
  claim: ClaimView;
  contract: ClaimContractName | null;
  needsRelease: boolean;
  mayRelease: boolean;
  /** The navigation's flags, read with the claim. */
  navigation?: NavigationFlags;
  summary?: PortfolioSummary;
}

export type SaveStepResult = { ok: true; claim: ClaimView } | { ok: false; problems: FieldProblem[]; claim: ClaimView };

const toView = (row: ClaimRow): ClaimView => ({
  id: row.id,
  customerId: row.customerId,
  contractId: row.contractId,
  reporterIdentityId: row.reporterIdentityId,
  grantId: row.grantId,
  route: row.route as ClaimRoute,
  status: row.status as ClaimStatus,
  step: row.step,
  answers: row.answers,
  insurerClaimNumber: row.insurerClaimNumber,
  brokerClaimNumber: row.brokerClaimNumber,
  submittedAt: row.submittedAt,
  releaseRequestedAt: row.releaseRequestedAt,
  releasedByIdentityId: row.releasedByIdentityId,
  returnComment: row.returnComment,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/**
 * The grant a draft is reported through, as the person holds it now: the one recorded when the draft was started, or,
 * should that be gone, the first that shows the contract with claims included (for a claim without a contract, the
 * first that allows those for its customer).
 */
function releaseScopeOf(
  scopes: readonly ClaimScope[],
  claim: { grantId: string | null; contractId: string | null; customerId: string },
): ClaimScope | null {
  const { contractId } = claim;
  const showing = scopes.filter((scope) =>
    contractId === null
      ? scope.withoutContract && scope.customerIds.includes(claim.customerId)
      : scope.contractIds.includes(contractId),
  );
  return showing.find((scope) => scope.grantId === claim.grantId) ?? showing[0] ?? null;
}

/** Claims reported in the portal: drafts step by step, the submit that tells the broker, the workspace's handling. */
export function createClaimService(deps: {
  db: Database;
  clock: Clock;
  visibility: VisibilityService;
  outbox: OutboxService;
  webhooks: WebhookService;
  tenants: Pick<TenantService, 'tenantBaseUrl'>;
  /** The grants, for the Betreuer a new claim's mail falls back to. */
  grants: Pick<GrantService, 'getGrantWithin'>;
  /** The documents' file store: attachments are stored like documents. */
  store: FileStore;
  files: Pick<DocumentService, 'removeFileIfUnused'>;
  audit: AuditService;
  /** The platform's address, under which the download links of the CRM's events are built. */
  platformUrl: URL;
  fileLinkLifetime?: number;
  logger: Logger;
}) {
  const { db, clock, visibility, outbox, webhooks, tenants } = deps;

  type ClaimRead = { tenantId: string; identityId: string; claimId: string; now: Date };
  const CLAIM_READ = { tenantId: 'id', identityId: 'id', claimId: 'id', now: 'time' } as const;
  // Built once: drizzle took longer to build the text of the decision (and the navigation) than to send it.
  const claimWithDecision = builtOnce<ClaimRead>(CLAIM_READ, (read) =>
    claimWithStatement(read.tenantId, read.claimId, (place) =>
      visibility.claimDecisionColumn(read.tenantId, read.identityId, place, read.now),
    ),
  );
  const claimWithPage = builtOnce<ClaimRead>(CLAIM_READ, (read) =>
    claimWithStatement(read.tenantId, read.claimId, (place) =>
      visibility.claimPageColumn(read.tenantId, read.identityId, place, read.now),
    ),
  );

  /**
   * The claim with the decision of what the person sees of it, in one statement: the claim's row and, read with it,
   * the person's grants and the keys of its customer and contract, which the policy decides (`claimDecisionOf`).
   */
  async function decidedClaim(
    tenantId: string,
    identityId: string,
    claimId: string,
  ): Promise<{ row: ClaimRow; scopes: ClaimScope[] } | null> {
    if (!isUuid(claimId)) return null;
    // The text built once is that of an identity's decision; anything else is decided as nothing, built as before.
    const found = await createClaimQueries(db).findWith(
      isUuid(identityId)
        ? claimWithDecision({ tenantId, identityId, claimId, now: clock.now() })
        : claimWithStatement(tenantId, claimId, (place) => visibility.claimDecisionColumn(tenantId, identityId, place)),
    );
    return found === null ? null : { row: found.row, scopes: visibility.claimDecisionOf(found.extra).scopes };
  }

  /** As `decidedClaim`, with what the claim's step page shows besides (its contract's name, the navigation). */
  async function decidedClaimPage(
    tenantId: string,
    identityId: string,
    claimId: string,
  ): Promise<{ row: ClaimRow; decision: ClaimPageDecision } | null> {
    if (!isUuid(claimId)) return null;
    const found = await createClaimQueries(db).findWith(
      isUuid(identityId)
        ? claimWithPage({ tenantId, identityId, claimId, now: clock.now() })
        : claimWithStatement(tenantId, claimId, (place) => visibility.claimPageColumn(tenantId, identityId, place)),
    );
    return found === null
      ? null
      : { row: found.row, decision: await visibility.claimPageDecisionOf(tenantId, identityId, found.extra) };
  }

  /**
   * The claim if the person sees it (a draft only its reporter), with their claim scopes limited to it (for deciding
   * this claim only); CLAIM_NOT_FOUND for anything else.
   */
  async function visibleClaimWithScopes(
    tenantId: string,
    identityId: string,
    claimId: string,
  ): Promise<{ row: ClaimRow; scopes: ClaimScope[] }> {
    const found = await decidedClaim(tenantId, identityId, claimId);
    if (found === null || !isClaimVisible(found.scopes, found.row, identityId)) throw new AppError('CLAIM_NOT_FOUND');
    return found;
  }

  /** The claim if the person sees it (a draft only its reporter); CLAIM_NOT_FOUND for anything else. */
  async function visibleClaim(tenantId: string, identityId: string, claimId: string): Promise<ClaimRow> {
    return (await visibleClaimWithScopes(tenantId, identityId, claimId)).row;
  }

  function claimPageFrom(claim: ClaimView, decision: ClaimPageDecision, identityId: string): ClaimPageView {
    return {
      claim,
      contract: decision.contract,
      needsRelease: releaseScopeOf(decision.scopes, claim)?.needsRelease ?? false,
      mayRelease: mayReleaseClaim(decision.scopes, claim, identityId),
      navigation: decision.navigation,
      ...(decision.summary === undefined ? {} : { summary: decision.summary }),
    };
  }

  async function ownDraft(tenantId: string, identityId: string, claimId: string): Promise<ClaimRow> {
    const row = await visibleClaim(tenantId, identityId, claimId);
    if (row.status !== 'draft') throw new AppError('CLAIM_ALREADY_SUBMITTED');
    return row;
  }

  /** A reported claim of the tenant for the workspace; drafts stay the reporter's. */
  async function findForStaff(tenantId: string, claimId: string): Promise<ClaimView> {
    const row = isUuid(claimId) ? await createClaimQueries(db).find(tenantId, claimId) : null;
    if (row === null || row.status === 'draft') throw new AppError('CLAIM_NOT_FOUND');
    return toView(row);
  }

  /** The history's "Gemeldet" by the person who submitted or released the claim in the portal. */
  async function recordReport(
    tx: Database,
    row: ClaimRow,
    previousStatus: ClaimStatus,
    identityId: string,
    now: Date,
  ): Promise<void> {
    await createClaimHandlingQueries(tx).insertHistory({
      tenantId: row.tenantId,
      claimId: row.id,
      status: 'submitted',
      previousStatus,
      note: null,
      source: 'portal',
      actorIdentityId: identityId,
      createdAt: now,
    });
  }

  /** Draft → awaiting release, with a mail to each person who may release it; there must be one. */
  async function requestRelease(
    tenant: Tenant,
    identityId: string,
    row: ClaimRow,
    grantId: string,
  ): Promise<ClaimView> {
    return db.transaction(async (tx) => {
      const releasers = await visibility.claimReleasersOf(tx, tenant.id, { ...row, grantId });
      if (releasers.length === 0) throw new AppError('CLAIM_NO_RELEASER');
      const now = clock.now();
      const waiting = await createClaimQueries(tx).requestRelease(tenant.id, row.id, {
        reporterIdentityId: identityId,
        grantId,
        minimumStep: LAST_REQUIRED_STEP,
        now,
      });
      if (waiting === null) throw new AppError('CLAIM_ALREADY_SUBMITTED');
      const link = `${await tenants.tenantBaseUrl(tenant.id, tx)}/schaeden/${waiting.id}`;
      for (const releaser of releasers) {
        await enqueueClaimPortalMail(tx, outbox, tenant, {
          kind: 'release_requested',
          identityId: releaser,
          link,
          now,
        });
      }
      return toView(waiting);
    });
  }

  /** A claim awaiting release that this person may release; the reporter is refused, anybody else does not see it. */
  async function claimToRelease(tenantId: string, identityId: string, claimId: string): Promise<ClaimRow> {
    const row = await visibleClaim(tenantId, identityId, claimId);
    if (row.status !== 'awaiting_release') throw new AppError('CLAIM_NOT_AWAITING_RELEASE');
    if (row.reporterIdentityId === identityId) throw new AppError('CLAIM_RELEASE_OWN');
    return row;
  }

  const attachments = createClaimAttachmentService({
    db,
    clock,
    store: deps.store,
    files: deps.files,
    audit: deps.audit,
    platformUrl: deps.platformUrl,
    ...(deps.fileLinkLifetime === undefined ? {} : { fileLinkLifetime: deps.fileLinkLifetime }),
    logger: deps.logger,
    visibleClaim: async (tenantId, identityId, claimId) => toView(await visibleClaim(tenantId, identityId, claimId)),
    ownDraft: async (tenantId, identityId, claimId) => toView(await ownDraft(tenantId, identityId, claimId)),
    findForStaff,
  });
  const delivery = { outbox, webhooks, tenants, grants: deps.grants, attachmentsOf: attachments.attachmentsOf };

  /**
   * What a submit or release delivers about: the claim's contract and customer as the person may report for them now
   * (a claim without a contract: its customer, through a grant that allows those); null when they no longer may.
   */
  async function claimableOf(
    tenantId: string,
    identityId: string,
    row: ClaimRow,
  ): Promise<{ contract: ContractView | null; customer: CustomerView } | null> {
    if (row.contractId === null) {
      const found = await visibility.claimableCustomerOf(tenantId, identityId, row.customerId);
      return found === null || found.customer.id !== row.customerId
        ? null
        : { contract: null, customer: found.customer };
    }
    return visibility.claimableContractOf(tenantId, identityId, row.contractId);
  }

  async function listForPerson(
    tenantId: string,
    identityId: string,
    known?: readonly ClaimScope[],
  ): Promise<{ drafts: ClaimView[]; toRelease: ClaimView[]; claims: ClaimView[] }> {
    const scopes = known ?? (await visibility.claimScopesOf(tenantId, identityId));
    if (scopes.length === 0) return { drafts: [], toRelease: [], claims: [] };
    const contractIds = [...new Set(scopes.flatMap((scope) => scope.contractIds))];
    const customerIds = [...new Set(scopes.flatMap((scope) => scope.customerIds))];
    const rows = await createClaimQueries(db).listForPerson(tenantId, identityId, { contractIds, customerIds });
    const views = rows.filter((row) => isClaimVisible(scopes, row, identityId)).map(toView);
    const isToRelease = (claim: ClaimView) => mayReleaseClaim(scopes, claim, identityId);
    return {
      drafts: views.filter((claim) => claim.status === 'draft'),
      toRelease: views.filter(isToRelease),
      claims: views.filter((claim) => claim.status !== 'draft' && !isToRelease(claim)),
    };
  }

  return {
    ...attachments,

    /** A new draft for a contract the person may report claims for; CONTRACT_NOT_FOUND for any other contract. */
    async startDraft(tenantId: string, identityId: string, contractId: string): Promise<ClaimView> {
      const claimable = await visibility.claimableContractOf(tenantId, identityId, contractId);
      if (claimable === null) throw new AppError('CONTRACT_NOT_FOUND');
      const now = clock.now();
      const row = await createClaimQueries(db).insert({
        tenantId,
        customerId: claimable.customer.id,
        contractId: claimable.contract.id,
        reporterIdentityId: identityId,
        grantId: claimable.grantId,
        route: await claimRouteFor(db, tenantId, claimable.contract.sparte),
        status: 'draft',
        createdAt: now,
        updatedAt: now,
      });
      return toView(row);
    },

    /**
     * A new draft without a contract for a customer the person may report such claims for ("Schadenmeldung ohne
     * Vertrag erlaubt", "Nur Schadenmeldung"), asking the general route's questions; CUSTOMER_NOT_FOUND for any other
     * customer (another tenant's or grant's alike).
     */
    async startDraftWithoutContract(tenantId: string, identityId: string, customerId: string): Promise<ClaimView> {
      const claimable = await visibility.claimableCustomerOf(tenantId, identityId, customerId);
      if (claimable === null) throw new AppError('CUSTOMER_NOT_FOUND');
      const now = clock.now();
      const row = await createClaimQueries(db).insert({
        tenantId,
        customerId: claimable.customer.id,
        contractId: null,
        reporterIdentityId: identityId,
        grantId: claimable.grantId,
        route: 'DEFAULT',
        status: 'draft',
        createdAt: now,
        updatedAt: now,
      });
      return toView(row);
    },

    /**
     * Where the person may report a claim without choosing a contract first: the customers they may report one without
     * a contract for (none when no grant allows it).
     */
    async customersForClaimWithoutContract(tenantId: string, identityId: string): Promise<CustomerView[]> {
      return (await visibility.claimableCustomersOf(tenantId, identityId)).map((found) => found.customer);
    },

    /** Checks and saves one step of the person's own draft; a step with problems saves nothing. */
    async saveStep(
      tenantId: string,
      identityId: string,
      claimId: string,
      step: ClaimStep,
      form: Record<string, string>,
    ): Promise<SaveStepResult> {
      const row = await ownDraft(tenantId, identityId, claimId);
      const route = row.route as ClaimRoute;
      const parsed = parseClaimStep(route, step, form, clock.now());
      if (!parsed.ok) return { ok: false, problems: parsed.problems, claim: toView(row) };
      const answers = { ...(row.answers as ClaimAnswers), ...parsed.answers };
      const saved = await createClaimQueries(db).saveDraft(tenantId, claimId, identityId, {
        answers: { ...answers },
        step,
        now: clock.now(),
      });
      if (saved === null) throw new AppError('CLAIM_ALREADY_SUBMITTED');
      return { ok: true, claim: toView(saved) };
    },

    /**
     * Submits the person's draft once: the status change is conditional in SQL, so a second submit (a double click)
     * changes nothing and answers CLAIM_ALREADY_SUBMITTED. In the same transaction the responsible person's mail goes
     * into the outbox and `claim.submitted` to the tenant's webhooks. When the claim's grant asks for release by a
     * second person, the claim waits for it instead (status awaiting_release) and the people who may release it are
     * told; CLAIM_NO_RELEASER when there is nobody who could.
     */
    async submit(tenant: Tenant, identityId: string, claimId: string): Promise<ClaimView> {
      const { row, scopes } = await visibleClaimWithScopes(tenant.id, identityId, claimId);
      if (row.status !== 'draft') throw new AppError('CLAIM_ALREADY_SUBMITTED');
      if (row.step < LAST_REQUIRED_STEP) throw new AppError('CLAIM_INCOMPLETE');
      const claimable = await claimableOf(tenant.id, identityId, row);
      if (claimable === null) throw new AppError('CLAIM_NOT_FOUND');
      const scope = releaseScopeOf(scopes, row);
      if (scope?.needsRelease === true) return requestRelease(tenant, identityId, row, scope.grantId);
      return db.transaction(async (tx) => {
        const now = clock.now();
        const submitted = await createClaimQueries(tx).submit(tenant.id, claimId, identityId, LAST_REQUIRED_STEP, now);
        if (submitted === null) throw new AppError('CLAIM_ALREADY_SUBMITTED');
        await recordReport(tx, submitted, 'draft', identityId, now);
        await deliverSubmission(delivery, tx, tenant, submitted, claimable, now);
        return toView(submitted);
      });
    },

    /**
     * Another person of the claim's grant with the release right releases it: exactly the submit's delivery (mail to
     * the responsible person, `claim.submitted`, status submitted), and the reporter is told. The change is
     * conditional in SQL, so of two people releasing at once one does it and the other gets CLAIM_NOT_AWAITING_RELEASE.
     */
    async release(tenant: Tenant, identityId: string, claimId: string): Promise<ClaimView> {
      const row = await claimToRelease(tenant.id, identityId, claimId);
      const claimable = await claimableOf(tenant.id, identityId, row);
      if (claimable === null) throw new AppError('CLAIM_NOT_FOUND');
      return db.transaction(async (tx) => {
        const now = clock.now();
        const released = await createClaimQueries(tx).release(tenant.id, claimId, identityId, now);
        if (released === null) throw new AppError('CLAIM_NOT_AWAITING_RELEASE');
        await recordReport(tx, released, 'awaiting_release', identityId, now);
        await deliverSubmission(delivery, tx, tenant, released, claimable, now);
        if (released.reporterIdentityId !== null) {
          await enqueueClaimPortalMail(tx, outbox, tenant, {
            kind: 'released',
            identityId: released.reporterIdentityId,
            link: `${await tenants.tenantBaseUrl(tenant.id, tx)}/schaeden/${released.id}`,
            now,
          });
        }
        return toView(released);
      });
    },

    /**
     * Sends a claim awaiting release back to its reporter as a draft, with the comment (required) shown on it; the
     * reporter is told by mail, which carries the link only. Conditional like `release`.
     */
    async returnToReporter(tenant: Tenant, identityId: string, claimId: string, comment: string): Promise<ClaimView> {
      const text = comment.normalize('NFC').trim();
      if (text === '') throw new AppError('CLAIM_RETURN_COMMENT_REQUIRED', { field: 'comment' });
      if (Array.from(text).length > MAX_RETURN_COMMENT_LENGTH) {
        throw new AppError('CLAIM_TEXT_TOO_LONG', { field: 'comment', params: { max: MAX_RETURN_COMMENT_LENGTH } });
      }
      await claimToRelease(tenant.id, identityId, claimId);
      return db.transaction(async (tx) => {
        const now = clock.now();
        const returned = await createClaimQueries(tx).returnToDraft(tenant.id, claimId, {
          releaserIdentityId: identityId,
          comment: text,
          now,
        });
        if (returned === null) throw new AppError('CLAIM_NOT_AWAITING_RELEASE');
        if (returned.reporterIdentityId !== null) {
          await enqueueClaimPortalMail(tx, outbox, tenant, {
            kind: 'returned',
            identityId: returned.reporterIdentityId,
            link: `${await tenants.tenantBaseUrl(tenant.id, tx)}/schaeden/${returned.id}`,
            now,
          });
        }
        return toView(returned);
      });
    },

    /**
     * A claim the person sees (as `findForPerson`) with what its pages show, in one statement: the claim, the decision
     * of what the person sees of it (which also names its contract and says whether it will wait for release and
     * whether they may release it) and the navigation's flags.
     */
    async claimPageOf(tenantId: string, identityId: string, claimId: string): Promise<ClaimPageView> {
      const found = await decidedClaimPage(tenantId, identityId, claimId);
      if (found === null || !isClaimVisible(found.decision.scopes, found.row, identityId)) {
        throw new AppError('CLAIM_NOT_FOUND');
      }
      return claimPageFrom(toView(found.row), found.decision, identityId);
    },

    /**
     * The same for a claim the caller has found for the person already (a page shown again with its problems): the
     * page shows the claim as the caller has it, decided as it is stored now.
     */
    async claimPageFor(tenantId: string, identityId: string, claim: ClaimView): Promise<ClaimPageView> {
      const found = await decidedClaimPage(tenantId, identityId, claim.id);
      // Gone since the caller found it: the page shows the claim as the caller has it, the navigation asks for itself.
      if (found === null) return { claim, contract: null, needsRelease: false, mayRelease: false };
      return claimPageFrom(claim, found.decision, identityId);
    },

    /** A claim the person sees, with every answer (their own draft, or a reported claim of a contract they see). */
    async findForPerson(tenantId: string, identityId: string, claimId: string): Promise<ClaimView> {
      return toView(await visibleClaim(tenantId, identityId, claimId));
    },

    /**
     * The person's drafts, the claims of others waiting for the person's release, and the claims they see (their own
     * awaiting release among them); a page that has their claim scopes already passes them.
     */
    listForPerson,

    /**
     * Every claim the person sees (their own drafts included) with the files attached to them, for their data export:
     * the claims the portal lists them, each file opened only when the ZIP reaches it.
     */
    async exportForPerson(
      tenantId: string,
      identityId: string,
    ): Promise<{ claims: ClaimView[]; files: ExportedClaimFile[] }> {
      const listed = await listForPerson(tenantId, identityId);
      const claims = [...listed.drafts, ...listed.toRelease, ...listed.claims];
      const files = await attachments.exportFilesOfClaims(
        tenantId,
        claims.map((claim) => claim.id),
      );
      return { claims, files };
    },

    findForStaff,
  };
}

export type ClaimService = ReturnType<typeof createClaimService>;
