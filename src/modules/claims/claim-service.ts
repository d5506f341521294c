import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, type FieldProblem } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { ContactPerson } from '../portfolio/portfolio.js';
import { responsibleContactsOf } from '../portfolio/responsible-person.js';
import type { ContractView, CustomerView } from '../portfolio/portfolio-view.js';
import { mailBrandingOf } from '../mail/mail-layout.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { isClaimVisible } from '../visibility/visibility-policy.js';
import type { VisibilityService } from '../visibility/visibility-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import {
  LAST_REQUIRED_STEP,
  NEXT_STATUSES,
  type ClaimAnswers,
  type ClaimRoute,
  type ClaimStatus,
  type ClaimStep,
  type ClaimView,
} from './claim.js';
import { parseClaimStep } from './claim-answers.js';
import { renderClaimSubmittedMail } from './claim-mail.js';
import { createClaimQueries, type ClaimRow } from './claim-repo.js';
import { claimRouteOfSparte } from './claim-routes-policy.js';

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
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/**
 * Who at the broker hears of a new claim: the contract's case handler, else its adviser, else the customer's case
 * handler, else the broker's contact address. Only people with an address count.
 */
export function responsibleFor(
  contract: Pick<ContractView, 'caseHandler' | 'adviser'>,
  customer: Pick<CustomerView, 'caseHandler'>,
  tenant: Pick<Tenant, 'contact'>,
): { name: string | null; email: string } | null {
  const person = responsibleContactsOf(contract, customer).find(
    (candidate): candidate is ContactPerson & { email: string } =>
      candidate.email !== null && candidate.email.trim() !== '',
  );
  if (person !== undefined) return { name: person.name, email: person.email };
  return tenant.contact.email === null ? null : { name: null, email: tenant.contact.email };
}

/** Claims reported in the portal: drafts step by step, the submit that tells the broker, the workspace's handling. */
export function createClaimService(deps: {
  db: Database;
  clock: Clock;
  visibility: VisibilityService;
  outbox: OutboxService;
  webhooks: WebhookService;
  tenants: Pick<TenantService, 'tenantBaseUrl'>;
}) {
  const { db, clock, visibility, outbox, webhooks, tenants } = deps;

  /** The claim if the person sees it (a draft only its reporter); CLAIM_NOT_FOUND for anything else. */
  async function visibleClaim(tenantId: string, identityId: string, claimId: string): Promise<ClaimRow> {
    const row = isUuid(claimId) ? await createClaimQueries(db).find(tenantId, claimId) : null;
    if (row === null) throw new AppError('CLAIM_NOT_FOUND');
    const scopes = await visibility.claimScopesOf(tenantId, identityId);
    if (!isClaimVisible(scopes, row, identityId)) throw new AppError('CLAIM_NOT_FOUND');
    return row;
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

  return {
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
        route: claimRouteOfSparte(claimable.contract.sparte),
        status: 'draft',
        createdAt: now,
        updatedAt: now,
      });
      return toView(row);
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
     * into the outbox and `claim.submitted` to the tenant's webhooks.
     */
    async submit(tenant: Tenant, identityId: string, claimId: string): Promise<ClaimView> {
      const row = await visibleClaim(tenant.id, identityId, claimId);
      if (row.status !== 'draft') throw new AppError('CLAIM_ALREADY_SUBMITTED');
      if (row.step < LAST_REQUIRED_STEP) throw new AppError('CLAIM_INCOMPLETE');
      const claimable =
        row.contractId === null ? null : await visibility.claimableContractOf(tenant.id, identityId, row.contractId);
      if (claimable === null) throw new AppError('CLAIM_NOT_FOUND');
      return db.transaction(async (tx) => {
        const now = clock.now();
        const submitted = await createClaimQueries(tx).submit(tenant.id, claimId, identityId, LAST_REQUIRED_STEP, now);
        if (submitted === null) throw new AppError('CLAIM_ALREADY_SUBMITTED');
        const { contract, customer } = claimable;
        const recipient = responsibleFor(contract, customer, tenant);
        if (recipient !== null) {
          const baseUrl = await tenants.tenantBaseUrl(tenant.id, tx);
          const mail = renderClaimSubmittedMail({
            branding: mailBrandingOf(tenant),
            recipientName: recipient.name,
            subjectLine: `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`,
            link: `${baseUrl}/admin/schaeden/${submitted.id}`,
          });
          await outbox.enqueueMail(tx, {
            tenantId: tenant.id,
            kind: 'claim_submitted',
            fromName: tenant.senderName ?? tenant.name,
            to: recipient.email,
            ...mail,
          });
        }
        await webhooks.emit(tx, tenant.id, 'claim.submitted', {
          claimId: submitted.id,
          route: submitted.route,
          submittedAt: now.toISOString(),
          customerNumber: customer.customerNumber,
          contract: {
            insurerNumber: contract.insurerNumber,
            sparte: contract.sparte,
            policyNumber: contract.policyNumber,
          },
          reporterId: identityId,
          answers: submitted.answers,
        });
        return toView(submitted);
      });
    },

    /** A claim the person sees, with every answer (their own draft, or a reported claim of a contract they see). */
    async findForPerson(tenantId: string, identityId: string, claimId: string): Promise<ClaimView> {
      return toView(await visibleClaim(tenantId, identityId, claimId));
    },

    /** The person's drafts and the reported claims they see. */
    async listForPerson(tenantId: string, identityId: string): Promise<{ drafts: ClaimView[]; claims: ClaimView[] }> {
      const scopes = await visibility.claimScopesOf(tenantId, identityId);
      if (scopes.length === 0) return { drafts: [], claims: [] };
      const contractIds = [...new Set(scopes.flatMap((scope) => scope.contractIds))];
      const rows = await createClaimQueries(db).listForPerson(tenantId, identityId, contractIds);
      const views = rows.filter((row) => isClaimVisible(scopes, row, identityId)).map(toView);
      return {
        drafts: views.filter((claim) => claim.status === 'draft'),
        claims: views.filter((claim) => claim.status !== 'draft'),
      };
    },

    /**
     * Whether the person holds a grant with "Schäden einschließen": cheap enough for every page's navigation, which
     * lists "Schäden" when they also see contracts.
     */
    async hasClaimsGrant(tenantId: string, identityId: string): Promise<boolean> {
      return visibility.holdsGrantWithClaims(tenantId, identityId);
    },

    /** Whether the person may see or report claims at all. */
    async hasClaimsFor(tenantId: string, identityId: string): Promise<boolean> {
      return (await visibility.claimScopesOf(tenantId, identityId)).length > 0;
    },

    /** The tenant's reported claims for the workspace. */
    async listForStaff(tenantId: string, status: ClaimStatus | null): Promise<ClaimView[]> {
      return (await createClaimQueries(db).listForTenant(tenantId, status)).map(toView);
    },

    findForStaff,

    /** Staff move a reported claim on (gemeldet → in Bearbeitung → reguliert / abgelehnt / geschlossen). */
    async changeStatus(tenantId: string, claimId: string, to: ClaimStatus): Promise<ClaimView> {
      const claim = await findForStaff(tenantId, claimId);
      if (!NEXT_STATUSES[claim.status].includes(to)) throw new AppError('CLAIM_STATUS_CHANGE_INVALID');
      const changed = await createClaimQueries(db).changeStatus(tenantId, claimId, {
        from: claim.status,
        to,
        now: clock.now(),
      });
      if (changed === null) throw new AppError('CLAIM_STATUS_CHANGE_INVALID');
      return toView(changed);
    },
  };
}

export type ClaimService = ReturnType<typeof createClaimService>;
