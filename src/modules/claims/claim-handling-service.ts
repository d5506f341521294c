import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, type ErrorCode } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import { identitiesIn } from '../identities/identity-service.js';
import { mailBrandingOf } from '../mail/mail-layout.js';
import { membershipsIn } from '../memberships/membership-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import { customerDisplayName } from '../portfolio/portfolio.js';
import type { PortfolioService } from '../portfolio/portfolio-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { isClaimVisible } from '../visibility/visibility-policy.js';
import type { VisibilityService } from '../visibility/visibility-service.js';
import {
  MAX_CLAIM_NOTE_LENGTH,
  MAX_CLAIM_NUMBER_LENGTH,
  NEXT_STATUSES,
  type ClaimAnswers,
  type ClaimChange,
  type ClaimHistoryEntry,
  type ClaimHistorySource,
  type ClaimRoute,
  type ClaimStatus,
  type ClaimWithPortfolio,
  type ReportedStatus,
  type StaffClaimFilter,
} from './claim.js';
import { createClaimHandlingQueries, type ClaimHistoryRow } from './claim-handling-repo.js';
import { createClaimWorkspaceQueries, type ClaimPortfolioRow } from '../read-models/claim-workspace.js';
import { parsePushedAnswers, type PushedAnswersInput } from './claim-answers.js';
import { claimRouteOfSparte } from './claim-routes-policy.js';
import { renderClaimNewsMail } from './claim-news-mail.js';

export interface ClaimPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** The workspace list's query as the form sends it: "assigned" is 'me', 'nobody', a staff member's id or empty. */
export interface StaffClaimQuery {
  status: ClaimStatus | null;
  route: ClaimRoute | null;
  assigned: string;
  search: string;
  cursor: string;
}

/** A claim the CRM pushes: its contract (or only its customer), the loss, the status and the numbers. */
/** A claim the CRM pushes: where it belongs, its status and numbers, and the common answers of the portal's steps. */
export interface PushedClaim extends PushedAnswersInput {
  contract?: { insurerNumber: string; sparte: string; policyNumber: string } | undefined;
  customerNumber?: string | undefined;
  status: ReportedStatus;
  insurerClaimNumber?: string | null | undefined;
  brokerClaimNumber?: string | null | undefined;
}

/** The English detail of the API's answer to a pushed answer the portal's rules refuse. */
const PUSHED_ANSWER_DETAILS: Partial<Record<ErrorCode, string>> = {
  CLAIM_DATE_IN_FUTURE: 'the day (and time) of the loss lies in the future',
  CLAIM_TIME_INVALID: 'not hours and minutes, like 14:30',
  AMOUNT_INVALID: 'not whole cents from 0 to 100000000000',
  CLAIM_TEXT_TOO_LONG: 'the text is too long',
  CLAIM_FIELD_REQUIRED: 'required here',
};

/** Who changes a claim: a staff member in the workspace, or the CRM through API v1. */
export type ClaimActor = { source: 'staff'; identityId: string } | { source: 'crm' };

export const STAFF_PAGE_SIZE = 25;

const toView = (row: ClaimPortfolioRow): ClaimWithPortfolio => ({
  id: row.claim.id,
  customerId: row.claim.customerId,
  contractId: row.claim.contractId,
  reporterIdentityId: row.claim.reporterIdentityId,
  grantId: row.claim.grantId,
  route: row.claim.route as ClaimRoute,
  status: row.claim.status as ClaimStatus,
  step: row.claim.step,
  answers: row.claim.answers,
  insurerClaimNumber: row.claim.insurerClaimNumber,
  brokerClaimNumber: row.claim.brokerClaimNumber,
  submittedAt: row.claim.submittedAt,
  createdAt: row.claim.createdAt,
  updatedAt: row.claim.updatedAt,
  releaseRequestedAt: row.claim.releaseRequestedAt,
  releasedByIdentityId: row.claim.releasedByIdentityId,
  returnComment: row.claim.returnComment,
  assignedIdentityId: row.claim.assignedIdentityId,
  externalId: row.claim.externalId,
  customerNumber: row.customer.customerNumber,
  customerName: customerDisplayName(row.customer),
  contract: row.contract,
});

const toEntry = (row: ClaimHistoryRow): ClaimHistoryEntry => ({
  id: row.id,
  status: row.status as ClaimStatus,
  previousStatus: row.previousStatus as ClaimStatus | null,
  note: row.note,
  source: row.source as ClaimHistorySource,
  actorIdentityId: row.actorIdentityId,
  createdAt: row.createdAt,
});

/** Trimmed; empty is none; longer than the limit is refused with the field it came from. */
function claimNumberOf(value: string | null | undefined, field: string): string | null | undefined {
  if (value === undefined) return undefined;
  const text = (value ?? '').normalize('NFC').trim();
  if (text.length > MAX_CLAIM_NUMBER_LENGTH) {
    throw new AppError('CLAIM_TEXT_TOO_LONG', {
      field,
      params: { max: MAX_CLAIM_NUMBER_LENGTH },
      detail: `${field} has at most ${String(MAX_CLAIM_NUMBER_LENGTH)} characters`,
    });
  }
  return text === '' ? null : text;
}

function noteOf(value: string | undefined): string | null {
  const text = (value ?? '').normalize('NFC').trim();
  if (text.length > MAX_CLAIM_NOTE_LENGTH) {
    throw new AppError('CLAIM_TEXT_TOO_LONG', {
      field: 'note',
      params: { max: MAX_CLAIM_NOTE_LENGTH },
      detail: `note has at most ${String(MAX_CLAIM_NOTE_LENGTH)} characters`,
    });
  }
  return text === '' ? null : text;
}

const cursorOfCrm = (row: ClaimPortfolioRow): string => `${row.claim.updatedAt.toISOString()}_${row.claim.id}`;
function positionOfCrmCursor(cursor: string): { updatedAt: Date; id: string } | null {
  const [time = '', id = ''] = cursor.split('_');
  const updatedAt = new Date(time);
  return Number.isNaN(updatedAt.getTime()) || !isUuid(id) ? null : { updatedAt, id };
}

/**
 * The broker's handling of reported claims: the workspace's list, assignment, status with notes to the customer and
 * claim numbers, and the CRM's reading, changing and pushing of claims through API v1. Every change is one
 * transaction with its history entry, its audit entry and its mails.
 */
export function createClaimHandlingService(deps: {
  db: Database;
  clock: Clock;
  visibility: VisibilityService;
  outbox: OutboxService;
  tenants: Pick<TenantService, 'tenantBaseUrl'>;
  audit: AuditService;
  portfolio: Pick<PortfolioService, 'getContract' | 'getCustomer'>;
}) {
  const { db, clock, visibility, outbox, tenants, audit, portfolio } = deps;

  async function reported(executor: Database, tenantId: string, claimId: string): Promise<ClaimPortfolioRow> {
    const row = isUuid(claimId)
      ? await createClaimWorkspaceQueries(executor).findWithPortfolio(tenantId, claimId)
      : null;
    if (row === null || row.claim.status === 'draft') throw new AppError('CLAIM_NOT_FOUND', 'No such claim');
    return row;
  }

  async function historyOf(tenantId: string, claimId: string): Promise<ClaimHistoryEntry[]> {
    return (await createClaimHandlingQueries(db).historyOf(tenantId, claimId)).map(toEntry);
  }

  /**
   * The people who see the claim and can log in here: those whose grants could reach its customer or contract, each
   * decided by the visibility policy.
   */
  async function readersOf(tenantId: string, row: ClaimPortfolioRow): Promise<string[]> {
    const candidates = await visibility.peopleWhoMaySee(db, tenantId, {
      customerId: row.claim.customerId,
      contractId: row.claim.contractId,
    });
    const now = clock.now();
    const readers: string[] = [];
    for (const identityId of new Set(candidates)) {
      const scopes = await visibility.claimScopesOf(tenantId, identityId);
      if (!isClaimVisible(scopes, row.claim, identityId)) continue;
      const memberships = membershipsIn(db);
      if (
        (await memberships.hasAcceptedAccess(tenantId, identityId)) &&
        (await memberships.hasAccess(tenantId, identityId, now))
      ) {
        readers.push(identityId);
      }
    }
    return readers;
  }

  async function mailNews(tx: Database, tenant: Tenant, row: ClaimPortfolioRow, readers: string[]): Promise<void> {
    if (readers.length === 0) return;
    const baseUrl = await tenants.tenantBaseUrl(tenant.id, tx);
    const branding = mailBrandingOf(tenant);
    for (const identityId of readers) {
      const identity = await identitiesIn(tx).findById(identityId);
      if (identity === null || identity.passwordHash === null) continue;
      const mail = renderClaimNewsMail({
        language: identity.language === 'en' ? 'en' : 'de',
        branding,
        recipientName: identity.name,
        link: `${baseUrl}/schaeden/${row.claim.id}`,
      });
      await outbox.enqueueMail(tx, {
        tenantId: tenant.id,
        kind: 'claim_news',
        fromName: tenant.senderName ?? tenant.name,
        to: identity.emailDisplay,
        ...mail,
      });
    }
  }

  /**
   * Status (per NEXT_STATUSES; the status it has already changes nothing), claim numbers and a note to the customer,
   * together or not at all. A note mails everybody who sees the claim, with a link only.
   */
  async function change(
    tenant: Tenant,
    claimId: string,
    wanted: ClaimChange,
    actor: ClaimActor,
    origin: RequestOrigin,
  ): Promise<ClaimWithPortfolio> {
    const note = noteOf(wanted.note);
    const insurerClaimNumber = claimNumberOf(wanted.insurerClaimNumber, 'insurerClaimNumber');
    const brokerClaimNumber = claimNumberOf(wanted.brokerClaimNumber, 'brokerClaimNumber');
    // Who sees the claim is read before the transaction: the visibility module reads outside it, and an embedded
    // database has one connection, which the transaction holds.
    const readers = note === null ? [] : await readersOf(tenant.id, await reported(db, tenant.id, claimId));
    return db.transaction(async (tx) => {
      const current = await reported(tx, tenant.id, claimId);
      const from = current.claim.status as ClaimStatus;
      const to = wanted.status !== undefined && wanted.status !== from ? wanted.status : null;
      if (to !== null && !NEXT_STATUSES[from].includes(to)) {
        throw new AppError('CLAIM_STATUS_TRANSITION_INVALID', `A claim that is ${from} cannot become ${to}`);
      }
      const numbers = {
        ...(insurerClaimNumber === undefined || insurerClaimNumber === current.claim.insurerClaimNumber
          ? {}
          : { insurerClaimNumber }),
        ...(brokerClaimNumber === undefined || brokerClaimNumber === current.claim.brokerClaimNumber
          ? {}
          : { brokerClaimNumber }),
      };
      const hasNumbers = Object.keys(numbers).length > 0;
      if (to === null && note === null && !hasNumbers) return toView(current);
      const now = clock.now();
      const queries = createClaimHandlingQueries(tx);
      const changed = await queries.updateReported(tenant.id, current.claim.id, from, {
        ...(to === null ? {} : { status: to, statusChangedAt: now }),
        ...numbers,
        updatedAt: now,
      });
      if (changed === null) throw new AppError('CLAIM_STATUS_TRANSITION_INVALID', 'The claim changed meanwhile');
      const actorIdentityId = actor.source === 'staff' ? actor.identityId : null;
      if (to !== null || note !== null) {
        await queries.insertHistory({
          tenantId: tenant.id,
          claimId: changed.id,
          status: to ?? from,
          previousStatus: to === null ? null : from,
          note,
          source: actor.source,
          actorIdentityId,
          createdAt: now,
        });
      }
      const record = (kind: 'claim.status_changed' | 'claim.numbers_changed', detail: string) =>
        audit.record({ kind, tenantId: tenant.id, identityId: null, actorIdentityId, origin, detail }, tx);
      if (to !== null || note !== null) {
        await record(
          'claim.status_changed',
          `Schaden ${changed.id}: ${to === null ? `Status ${from}` : `${from} → ${to}`}` +
            (note === null ? '' : ', Nachricht an den Kunden'),
        );
      }
      if (hasNumbers) {
        await record(
          'claim.numbers_changed',
          `Schaden ${changed.id}: Schadennummer Versicherer ${changed.insurerClaimNumber ?? '–'}, ` +
            `Makler ${changed.brokerClaimNumber ?? '–'}`,
        );
      }
      const updated = { ...current, claim: changed };
      if (note !== null) await mailNews(tx, tenant, updated, readers);
      return toView(updated);
    });
  }

  return {
    /** One page of the workspace's list; an assigned person or cursor that is no id gives an empty page. */
    async pageForStaff(
      tenantId: string,
      viewerIdentityId: string,
      query: StaffClaimQuery,
      limit = STAFF_PAGE_SIZE,
    ): Promise<ClaimPage<ClaimWithPortfolio>> {
      const assigned =
        query.assigned === 'me'
          ? { identityId: viewerIdentityId }
          : query.assigned === 'nobody'
            ? ('nobody' as const)
            : query.assigned === ''
              ? undefined
              : { identityId: query.assigned };
      if (
        (assigned !== undefined && assigned !== 'nobody' && !isUuid(assigned.identityId)) ||
        (query.cursor !== '' && !isUuid(query.cursor))
      ) {
        return { items: [], nextCursor: null };
      }
      const filter: StaffClaimFilter = {
        ...(query.status === null ? {} : { status: query.status }),
        ...(query.route === null ? {} : { route: query.route }),
        ...(assigned === undefined ? {} : { assigned }),
        ...(query.search === '' ? {} : { search: query.search }),
      };
      const rows = await createClaimWorkspaceQueries(db).pageForStaff(
        tenantId,
        filter,
        query.cursor === '' ? null : query.cursor,
        limit + 1,
      );
      const items = rows.slice(0, limit).map(toView);
      return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
    },

    /** A reported claim with its history for the workspace; drafts, unknown ids and other tenants' are not found. */
    async detailForStaff(
      tenantId: string,
      claimId: string,
    ): Promise<{ claim: ClaimWithPortfolio; history: ClaimHistoryEntry[] }> {
      const row = await reported(db, tenantId, claimId);
      return { claim: toView(row), history: await historyOf(tenantId, row.claim.id) };
    },

    /** The same for the CRM. */
    async detailForCrm(
      tenantId: string,
      claimId: string,
    ): Promise<{ claim: ClaimWithPortfolio; history: ClaimHistoryEntry[] }> {
      const row = await reported(db, tenantId, claimId);
      return { claim: toView(row), history: await historyOf(tenantId, row.claim.id) };
    },

    /**
     * The history of a claim the caller has found for the person already through the claims service (its page, which
     * decided what they see of it): no decision of its own.
     */
    historyOfFoundClaim: (tenantId: string, claimId: string): Promise<ClaimHistoryEntry[]> =>
      historyOf(tenantId, claimId),

    /** The history of a claim the person sees; CLAIM_NOT_FOUND for any other. */
    async historyForPerson(tenantId: string, identityId: string, claimId: string): Promise<ClaimHistoryEntry[]> {
      const row = isUuid(claimId) ? await createClaimWorkspaceQueries(db).findWithPortfolio(tenantId, claimId) : null;
      if (row === null) throw new AppError('CLAIM_NOT_FOUND');
      const scopes = await visibility.claimScopesOf(tenantId, identityId);
      if (!isClaimVisible(scopes, row.claim, identityId)) throw new AppError('CLAIM_NOT_FOUND');
      return historyOf(tenantId, row.claim.id);
    },

    changeByStaff: (
      tenant: Tenant,
      claimId: string,
      identityId: string,
      wanted: ClaimChange,
      origin: RequestOrigin,
    ): Promise<ClaimWithPortfolio> => change(tenant, claimId, wanted, { source: 'staff', identityId }, origin),

    changeByCrm: (
      tenant: Tenant,
      claimId: string,
      wanted: ClaimChange,
      origin: RequestOrigin,
    ): Promise<ClaimWithPortfolio> => change(tenant, claimId, wanted, { source: 'crm' }, origin),

    /** Hands the claim to a staff member of the tenant (with access here), or to nobody. */
    async assign(
      tenantId: string,
      claimId: string,
      assigneeIdentityId: string | null,
      actorIdentityId: string,
      origin: RequestOrigin,
    ): Promise<ClaimWithPortfolio> {
      return db.transaction(async (tx) => {
        const current = await reported(tx, tenantId, claimId);
        if (assigneeIdentityId !== null) {
          const memberships = membershipsIn(tx);
          const isStaffHere =
            isUuid(assigneeIdentityId) &&
            (await memberships.listRoles(tenantId, assigneeIdentityId)).some(
              (role) => role === 'staff_admin' || role === 'staff_user',
            ) &&
            (await memberships.hasAccess(tenantId, assigneeIdentityId, clock.now()));
          if (!isStaffHere) throw new AppError('CLAIM_ASSIGNEE_INVALID', { field: 'assignee' });
        }
        if (current.claim.assignedIdentityId === assigneeIdentityId) return toView(current);
        const assigned = await createClaimHandlingQueries(tx).assign(
          tenantId,
          current.claim.id,
          assigneeIdentityId,
          clock.now(),
        );
        if (assigned === null) throw new AppError('CLAIM_NOT_FOUND');
        await audit.record(
          {
            kind: 'claim.assigned',
            tenantId,
            identityId: assigneeIdentityId,
            actorIdentityId,
            origin,
            detail: `Schaden ${assigned.id}: ${assigneeIdentityId === null ? 'niemandem zugewiesen' : 'zugewiesen'}`,
          },
          tx,
        );
        return toView({ ...current, claim: assigned });
      });
    },

    /** The CRM's list: reported claims, oldest change first; the cursor carries the last one's change and id. */
    async pageForCrm(
      tenantId: string,
      filter: { status?: ReportedStatus; updatedSince?: Date },
      page: { cursor: string | null; limit: number },
    ): Promise<ClaimPage<ClaimWithPortfolio>> {
      const after = page.cursor === null ? null : positionOfCrmCursor(page.cursor);
      if (page.cursor !== null && after === null) return { items: [], nextCursor: null };
      const rows = await createClaimWorkspaceQueries(db).pageForCrm(tenantId, filter, after, page.limit + 1);
      const items = rows.slice(0, page.limit);
      const last = items.at(-1);
      return {
        items: items.map(toView),
        nextCursor: rows.length > page.limit && last !== undefined ? cursorOfCrm(last) : null,
      };
    },

    /**
     * Creates or replaces the claim the CRM knows by this id: its contract (or, without one, its customer), the loss,
     * the status (the CRM's word is final here, so any reported status) and the numbers. The portal shows it to the
     * people whose grants with "Schäden einschließen" show its contract.
     */
    async pushFromCrm(
      tenant: Tenant,
      externalId: string,
      pushed: PushedClaim,
      origin: RequestOrigin,
    ): Promise<{ claim: ClaimWithPortfolio; isCreated: boolean }> {
      // The portal's rules for the same questions; the first problem is the answer (its field named).
      const parsed = parsePushedAnswers(pushed, clock.now());
      if (!parsed.ok) {
        const [problem] = parsed.problems;
        if (problem === undefined) throw new Error('pushed answers refused without a problem');
        throw new AppError(problem.code, {
          field: problem.field,
          ...(problem.params === undefined ? {} : { params: problem.params }),
          detail: `${problem.field}: ${PUSHED_ANSWER_DETAILS[problem.code] ?? 'invalid'}${
            problem.params?.['max'] === undefined ? '' : ` (at most ${String(problem.params['max'])} characters)`
          }`,
        });
      }
      const insurerClaimNumber = claimNumberOf(pushed.insurerClaimNumber, 'insurerClaimNumber') ?? null;
      const brokerClaimNumber = claimNumberOf(pushed.brokerClaimNumber, 'brokerClaimNumber') ?? null;
      const contract = pushed.contract === undefined ? null : await portfolio.getContract(tenant.id, pushed.contract);
      if (
        contract !== null &&
        pushed.customerNumber !== undefined &&
        pushed.customerNumber !== contract.customerNumber
      ) {
        throw new AppError('CUSTOMER_NOT_FOUND', "The customer number is not the contract's customer");
      }
      const customer = await portfolio.getCustomer(tenant.id, contract?.customerNumber ?? pushed.customerNumber ?? '');
      const answers: ClaimAnswers = parsed.answers;
      const fields = {
        customerId: customer.id,
        contractId: contract?.id ?? null,
        route: contract === null ? ('DEFAULT' as const) : claimRouteOfSparte(contract.sparte),
        answers: { ...answers },
        insurerClaimNumber,
        brokerClaimNumber,
      };
      return db.transaction(async (tx) => {
        const queries = createClaimHandlingQueries(tx);
        const now = clock.now();
        const inserted = await queries.insertPushed({
          tenantId: tenant.id,
          externalId,
          ...fields,
          status: pushed.status,
          step: 0,
          submittedAt: now,
          statusChangedAt: now,
          createdAt: now,
          updatedAt: now,
        });
        const existing = inserted ?? (await queries.findByExternalId(tenant.id, externalId));
        if (existing === null) throw new Error('pushed claim neither inserted nor found');
        const from = existing.status as ClaimStatus;
        const isStatusChanged = inserted === null && from !== pushed.status;
        const saved =
          inserted ??
          (await queries.updateReported(tenant.id, existing.id, from, {
            ...fields,
            ...(isStatusChanged ? { status: pushed.status, statusChangedAt: now } : {}),
            updatedAt: now,
          }));
        if (saved === null) throw new AppError('CLAIM_STATUS_TRANSITION_INVALID', 'The claim changed meanwhile');
        if (inserted !== null || isStatusChanged) {
          await queries.insertHistory({
            tenantId: tenant.id,
            claimId: saved.id,
            status: pushed.status,
            previousStatus: inserted === null ? from : null,
            note: null,
            source: 'crm',
            actorIdentityId: null,
            createdAt: now,
          });
        }
        await audit.record(
          {
            kind: 'claim.pushed',
            tenantId: tenant.id,
            identityId: null,
            origin,
            detail: `Schaden ${saved.id} (${externalId.slice(0, 100)}): ${inserted === null ? 'ersetzt' : 'angelegt'}`,
          },
          tx,
        );
        return { claim: toView(await reported(tx, tenant.id, saved.id)), isCreated: inserted !== null };
      });
    },
  };
}

export type ClaimHandlingService = ReturnType<typeof createClaimHandlingService>;
