import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { Database, DatabaseHandle } from './db/database.js';
import { createActionTokenService } from './modules/action-tokens/action-token-service.js';
import { createLoginService } from './modules/credentials/login-service.js';
import type { PasswordHasher } from './modules/credentials/password-hasher.js';
import { createPasswordChangeService } from './modules/credentials/password-change-service.js';
import { createPasswordResetService } from './modules/credentials/password-reset-service.js';
import { createPasswordSetupService } from './modules/credentials/password-setup-service.js';
import { createEmailChangeService } from './modules/email-confirmation/email-change-service.js';
import { createEmailConfirmationService } from './modules/email-confirmation/email-confirmation-service.js';
import { createGrantService } from './modules/grants/grant-service.js';
import { createInvitationService } from './modules/invitations/invitation-service.js';
import { createPeopleService } from './modules/people/people-service.js';
import { createMembershipService } from './modules/memberships/membership-service.js';
import type { MailTransport } from './modules/outbox/mail-transport.js';
import { createOutboxMetricsQueries } from './modules/outbox/outbox-metrics-repo.js';
import { createOutboxService } from './modules/outbox/outbox-service.js';
import type { SecondFactorKeys } from './modules/second-factor/second-factor-key.js';
import { createSecondFactorService } from './modules/second-factor/second-factor-service.js';
import { createSessionService } from './modules/sessions/session-service.js';
import { createTenantService } from './modules/tenants/tenant-service.js';
import { createTenantSettingsService } from './modules/tenants/tenant-settings-service.js';
import { createImportService } from './modules/imports/import-service.js';
import { createProfileService } from './modules/profiles/profile-service.js';
import { createDelegationService } from './modules/delegations/delegation-service.js';
import { createAuditService } from './modules/audit/audit-service.js';
import { createOperatorQueries } from './modules/read-models/operator-overview.js';
import { createThrottleService } from './modules/throttling/throttle-service.js';
import { createMetrics } from './observability/metrics.js';
import { createApiKeyService } from './modules/api-keys/api-key-service.js';
import { emitAuditEvent, emitMailEvent } from './modules/webhooks/webhook-events.js';
import { createWebhookService } from './modules/webhooks/webhook-service.js';
import { createGdvUploadService } from './modules/gdv/gdv-upload-service.js';
import { createPortfolioService } from './modules/portfolio/portfolio-service.js';
import { createVisibilityService } from './modules/visibility/visibility-service.js';
import { createViewAsService } from './modules/visibility/view-as-service.js';
import { createDocumentService } from './modules/documents/document-service.js';
import { createConsentService } from './modules/consents/consent-service.js';
import { createClaimService } from './modules/claims/claim-service.js';
import { createClaimReportService } from './modules/claims/claim-report-service.js';
import { createClaimHandlingService } from './modules/claims/claim-handling-service.js';
import { createClaimRouteSettingsService } from './modules/claims/claim-route-settings-service.js';
import { createClaimDraftService } from './modules/claims/claim-draft-service.js';
import type { FileStore } from './modules/documents/file-store.js';
import { createNotificationService } from './modules/notifications/notification-service.js';
import { createConversationService } from './modules/conversations/conversation-service.js';
import { createDataExportService } from './modules/data-exports/data-export-service.js';
import type { Clock } from './shared/clock.js';

export interface ServiceDeps {
  db: Database;
  config: Config;
  clock: Clock;
  hasher: PasswordHasher;
  transport: MailTransport;
  logger: Logger;
  secondFactorKeys: SecondFactorKeys;
  /** The embedded database runs one statement at a time, so its writes need no lock order among connections. */
  databaseKind: DatabaseHandle['kind'];
  /** Where documents and attachments are kept (`createFileStore`). */
  fileStore: FileStore;
}

/** Wires every service once over one database; the web, the CLI and the worker share them. */
export function createServices(deps: ServiceDeps) {
  const { db, config, clock, hasher, transport, logger, secondFactorKeys, fileStore } = deps;
  const metrics = createMetrics({ readOutboxSnapshot: () => createOutboxMetricsQueries(db).readSnapshot(clock.now()) });
  const tenants = createTenantService({ db, config });
  const audit = createAuditService({ db, clock });
  const throttle = createThrottleService({
    db,
    clock,
    rowLocking: deps.databaseKind === 'pglite' ? 'none' : 'key_order',
  });
  const actionTokens = createActionTokenService({ db, clock });
  const webhooks = createWebhookService({
    db,
    clock,
    logger,
    isPrivateTargetAllowed: config.environment !== 'production',
  });
  const outbox = createOutboxService({
    db,
    clock,
    transport,
    mailFrom: config.mailFrom,
    logger,
    recordMailResult: metrics.recordMailResult,
    leaseMilliseconds: config.outboxLeaseMilliseconds,
    senderOf: (executor, tenantId) => tenants.findTenantById(tenantId, executor),
    onMailSettled: (mail, result) => emitMailEvent(db, webhooks, mail, result),
  });
  audit.onRecorded((event, executor) => emitAuditEvent(webhooks, event, executor));
  const apiKeys = createApiKeyService({ db, clock, requestsPerMinute: config.apiRequestsPerMinute });
  const sessions = createSessionService({ db, clock, actionTokens, audit });
  const grants = createGrantService({ db, clock, audit, webhooks, sessions, actionTokens });
  const invitations = createInvitationService({ db, clock, tenants, actionTokens, outbox, audit, grants, webhooks });
  const emailConfirmation = createEmailConfirmationService({
    db,
    clock,
    tenants,
    actionTokens,
    outbox,
    sendInvitation: invitations.sendInvitation,
    audit,
    throttle,
  });
  const emailChange = createEmailChangeService({
    db,
    clock,
    hasher,
    throttle,
    actionTokens,
    tenants,
    outbox,
    audit,
    emailConfirmation,
  });
  const passwordReset = createPasswordResetService({ db, clock, tenants, actionTokens, invitations, outbox });
  const passwordSetup = createPasswordSetupService({
    db,
    clock,
    hasher,
    actionTokens,
    invitations,
    emailConfirmation,
    outbox,
    sessions,
    passwordReset,
    audit,
    throttle,
  });
  const passwordChange = createPasswordChangeService({
    db,
    clock,
    hasher,
    sessions,
    passwordReset,
    throttle,
    outbox,
    audit,
    actionTokens,
  });
  const secondFactor = createSecondFactorService({ db, clock, hasher, throttle, audit, keys: secondFactorKeys });
  const login = createLoginService({
    db,
    clock,
    hasher,
    actionTokens,
    emailConfirmation,
    throttle,
    audit,
    secondFactor,
  });
  const people = createPeopleService({
    db,
    clock,
    invitations,
    outbox,
    audit,
    sessions,
    actionTokens,
    emailConfirmation,
    grants,
    webhooks,
    tenants,
    throttle,
    passwordReset,
    secondFactor,
  });
  const memberships = createMembershipService({ db, clock });
  const tenantSettings = createTenantSettingsService({ db, clock, tenants, audit });
  const imports = createImportService({ db, clock, tenants, invitations, outbox, webhooks, logger });
  const profiles = createProfileService({ db, clock, audit });
  const delegations = createDelegationService({ db, clock, grants, invitations, outbox, webhooks });
  const portfolio = createPortfolioService({ db, clock, audit, webhooks });
  const gdvUploads = createGdvUploadService({ db, clock, portfolio, logger });
  const visibility = createVisibilityService({ db, clock, portfolio, grants });
  const viewAs = createViewAsService({ people, visibility, audit });
  const notifications = createNotificationService({ db, clock, outbox, tenants, audit, logger });
  const documents = createDocumentService({
    db,
    clock,
    store: fileStore,
    audit,
    visibility,
    portfolio,
    webhooks,
    notifications,
    throttle,
    platformUrl: config.platformUrl,
    fileLinkLifetime: config.fileLinkLifetimeMilliseconds,
    logger,
  });
  const claims = createClaimService({
    db,
    clock,
    visibility,
    outbox,
    webhooks,
    tenants,
    grants,
    store: fileStore,
    files: documents,
    audit,
    platformUrl: config.platformUrl,
    fileLinkLifetime: config.fileLinkLifetimeMilliseconds,
    logger,
  });
  documents.alsoReferencedBy(claims.referencedFileKeys);
  const consents = createConsentService({ db, clock, store: fileStore, files: documents, audit, logger });
  documents.alsoReferencedBy(consents.referencedFileKeys);
  const claimReports = createClaimReportService({
    clock,
    claims,
    tenants,
    visibility,
    portfolio,
    tenantSettings,
    people,
  });
  const claimRouteSettings = createClaimRouteSettingsService({ db, clock, audit });
  const claimHandling = createClaimHandlingService({ db, clock, visibility, outbox, tenants, audit, portfolio });
  const claimDrafts = createClaimDraftService({ db, clock, outbox, tenants, logger });
  const conversations = createConversationService({
    db,
    clock,
    visibility,
    portfolio,
    grants,
    notifications,
    webhooks,
    tenants,
    audit,
    store: fileStore,
    files: documents,
    platformUrl: config.platformUrl,
    logger,
    invitePersonWithin: invitations.inviteOnceWithin,
  });
  const dataExports = createDataExportService({
    db,
    clock,
    store: fileStore,
    outbox,
    tenants,
    audit,
    visibility,
    documents,
    claims,
    conversations,
    grants,
    memberships,
    logger,
  });
  documents.alsoReferencedBy(dataExports.referencedFileKeys);
  // What the person acknowledged or consented to at this broker, with version, time and address, in daten.json.
  dataExports.addSection({
    key: 'consents',
    collect: async (tenantId, identityId) =>
      (await consents.listOfPerson(tenantId, identityId)).map((record) => ({
        document: record.title,
        documentKind: record.documentKind,
        version: record.version,
        kind: record.kind,
        givenAt: record.givenAt.toISOString(),
        clientAddress: record.clientAddress,
      })),
  });
  documents.alsoReferencedBy(conversations.referencedFileKeys);
  // The link in a customer's document.uploaded is made at each delivery attempt, so even a late retry carries one
  // that works for its full lifetime.
  webhooks.completeAtDelivery('document.uploaded', async (tenantId, data) => ({
    ...data,
    download:
      typeof data['documentId'] === 'string' ? await documents.downloadLinkFor(tenantId, data['documentId']) : null,
  }));
  // Likewise the links to a claim's attachments and to its whole ZIP in claim.submitted.
  webhooks.completeAtDelivery('claim.submitted', async (tenantId, data) => ({
    ...data,
    attachments: typeof data['claimId'] === 'string' ? await claims.attachmentLinksFor(tenantId, data['claimId']) : [],
    zip: typeof data['claimId'] === 'string' ? await claims.zipLinkFor(tenantId, data['claimId']) : null,
  }));
  // And the links to the files of a customer's message in case.message.created.
  webhooks.completeAtDelivery('case.message.created', async (tenantId, data) => ({
    ...data,
    attachments:
      typeof data['messageId'] === 'string' ? await conversations.attachmentLinksFor(tenantId, data['messageId']) : [],
  }));
  return {
    config,
    clock,
    logger,
    tenants,
    actionTokens,
    outbox,
    invitations,
    emailConfirmation,
    emailChange,
    passwordReset,
    passwordSetup,
    passwordChange,
    login,
    secondFactor,
    throttle,
    audit,
    sessions,
    grants,
    memberships,
    people,
    tenantSettings,
    imports,
    profiles,
    delegations,
    portfolio,
    gdvUploads,
    visibility,
    viewAs,
    fileStore,
    documents,
    notifications,
    claims,
    claimReports,
    claimHandling,
    claimRouteSettings,
    claimDrafts,
    conversations,
    dataExports,
    consents,
    apiKeys,
    webhooks,
    metrics,
    /** Read-only views across tenants, for the operator's commands only. */
    operator: createOperatorQueries(db),
  };
}

export type Services = ReturnType<typeof createServices>;
