import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const id = () => uuid('id').primaryKey().defaultRandom();

export const tenants = pgTable(
  'tenants',
  {
    id: id(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    primaryColor: text('primary_color').notNull().default('#1f4e79'),
    invitationLifetimeDays: integer('invitation_lifetime_days').notNull().default(7),
    defaultLanguage: text('default_language').notNull().default('de'),
    /** Display name in the From header of the broker's mails; the broker's name when empty. */
    senderName: text('sender_name'),
    /** Where customers' replies to the broker's mails go; without one, replies go to the platform's sender. */
    replyTo: text('reply_to'),
    /** Set when a logo is stored in tenant_logos; also its version in the logo's address, for caching. */
    logoUpdatedAt: timestamp('logo_updated_at', { withTimezone: true }),
    /** Session timeouts of this broker's portal; the defaults are NIST SP 800-63B's AAL2 limits. */
    sessionIdleMinutes: integer('session_idle_minutes').notNull().default(30),
    sessionAbsoluteHours: integer('session_absolute_hours').notNull().default(12),
    /** When on, staff without a second factor must set one up right after login. */
    requireStaffSecondFactor: boolean('require_staff_second_factor').notNull().default(false),
    /** The broker's legal notice and privacy policy (https only), linked from the portal's footer and mails. */
    imprintUrl: text('imprint_url'),
    privacyUrl: text('privacy_url'),
    /** How customers reach the broker: shown on the portal's home page, in its footer and in mails. */
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    officeHours: text('office_hours'),
    postalAddress: text('postal_address'),
    createdAt: createdAt(),
  },
  (table) => [
    check('tenants_invitation_lifetime_range', sql`${table.invitationLifetimeDays} between 1 and 30`),
    check('tenants_default_language', sql`${table.defaultLanguage} in ('de', 'en')`),
    check('tenants_session_idle_range', sql`${table.sessionIdleMinutes} between 5 and 120`),
    check('tenants_session_absolute_range', sql`${table.sessionAbsoluteHours} between 1 and 24`),
  ],
);

export const tenantHosts = pgTable(
  'tenant_hosts',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    host: text('host').notNull().unique(),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('tenant_hosts_one_primary')
      .on(table.tenantId)
      .where(sql`${table.isPrimary}`),
  ],
);

/** The broker's logo, apart from tenants so the host lookup on every request does not carry it. */
export const tenantLogos = pgTable(
  'tenant_logos',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    contentType: text('content_type').notNull(),
    /** Base64 of the checked (PNG) or sanitised (SVG) file. */
    data: text('data').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [check('tenant_logos_content_type', sql`${table.contentType} in ('image/png', 'image/svg+xml')`)],
);

export const identities = pgTable('identities', {
  id: id(),
  /** Canonical form: lower-case, IDN domain as punycode. Global across tenants. */
  email: text('email').notNull().unique(),
  /** As the person or broker typed it, for display. */
  emailDisplay: text('email_display').notNull(),
  name: text('name').notNull(),
  language: text('language').notNull().default('de'),
  passwordHash: text('password_hash'),
  emailConfirmedAt: timestamp('email_confirmed_at', { withTimezone: true }),
  passwordSetAt: timestamp('password_set_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    identityId: uuid('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    /** Set when the broker deactivated the person in this tenant: no login here, no sessions, until reactivated. */
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    /**
     * The person's first successful login in this tenant, for the staff's view of an invitation; never changed
     * afterwards.
     */
    firstLoginAt: timestamp('first_login_at', { withTimezone: true }),
    /**
     * Until the first login here, access here ends at this moment: the expiry of the tenant's invitation, or its
     * revocation.
     * Null: no such limit. Lets the login's one statement refuse a lapsed invitation of a person who has a password
     * already.
     */
    invitationUntil: timestamp('invitation_until', { withTimezone: true }),
    /**
     * The address, name and language this tenant's staff entered when they invited the person. Shown to staff until the
     * person's first login here, so an invitation of an address known elsewhere looks like one of somebody new.
     */
    invitedEmailDisplay: text('invited_email_display'),
    invitedName: text('invited_name'),
    invitedLanguage: text('invited_language'),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('memberships_tenant_identity_role').on(table.tenantId, table.identityId, table.role),
    index('memberships_identity').on(table.identityId),
    check('memberships_role', sql`${table.role} in ('policyholder', 'intermediary', 'staff_admin', 'staff_user')`),
  ],
);

export const grants = pgTable(
  'grants',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** Sharing options, as in the workspace. */
    includeClaims: boolean('include_claims').notNull().default(false),
    /** A claim reported through this grant goes to the broker only after another member with the right releases it. */
    claimsNeedRelease: boolean('claims_need_release').notNull().default(false),
    /** "Schadenmeldung ohne Vertrag erlaubt": with claims included, a claim may be reported for a customer alone. */
    claimsWithoutContract: boolean('claims_without_contract').notNull().default(false),
    /**
     * "Nur Schadenmeldung": the grant shows no contracts, documents or conversations; its people report claims for its
     * customers (without a contract) and see the claims they reported themselves.
     */
    claimsOnly: boolean('claims_only').notNull().default(false),
    /**
     * "Datenschutzhinweis bei Kunden anlegen verpflichtend": an intermediary of the grant files "Kunden anlegen" only
     * after confirming that the customer received the broker's privacy statement.
     */
    customerAddNeedsPrivacyNotice: boolean('customer_add_needs_privacy_notice').notNull().default(false),
    includeReferenceAddresses: boolean('include_reference_addresses').notNull().default(false),
    shareCases: boolean('share_cases').notNull().default(false),
    shareContractsAutomatically: boolean('share_contracts_automatically').notNull().default(false),
    /** Lines of business (Sparten) the grant is limited to; empty means all. */
    restrictedLinesOfBusiness: text('restricted_lines_of_business')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    documentProfile: text('document_profile'),
    /** The broker's staff member in charge (Betreuer). */
    responsibleStaffId: uuid('responsible_staff_id').references(() => identities.id, { onDelete: 'set null' }),
    /**
     * The profile last applied. Its options were copied (later changes to them do not reach the grant),
     * but its delegations are read live: they decide whom the grant's holders may invite.
     */
    profileId: uuid('profile_id').references((): AnyPgColumn => grantProfiles.id, { onDelete: 'set null' }),
    /** Set on grants a holder created in their own portal: who did, out of which of their grants. */
    delegatedByIdentityId: uuid('delegated_by_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    /**
     * A delegated grant goes with the grant it was made from: deleting that one deletes this one. The
     * grant service ends the access of their members in the same transaction (see deleteGrant).
     */
    delegatedFromGrantId: uuid('delegated_from_grant_id').references((): AnyPgColumn => grants.id, {
      onDelete: 'cascade',
    }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('grants_tenant_name').on(table.tenantId, table.name),
    index('grants_delegated_from').on(table.delegatedFromGrantId),
    index('grants_delegated_by').on(table.tenantId, table.delegatedByIdentityId),
    check('grants_kind', sql`${table.kind} in ('customer', 'intermediary')`),
  ],
);

export const grantCustomers = pgTable(
  'grant_customers',
  {
    grantId: uuid('grant_id')
      .notNull()
      .references(() => grants.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerNumber: text('customer_number').notNull(),
  },
  (table) => [primaryKey({ columns: [table.grantId, table.customerNumber] })],
);

export const grantMembers = pgTable(
  'grant_members',
  {
    grantId: uuid('grant_id')
      .notNull()
      .references(() => grants.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    identityId: uuid('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
    /** "darf Schadenmeldungen freigeben": may release the claims other members report through this grant. */
    mayReleaseClaims: boolean('may_release_claims').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.grantId, table.identityId] }),
    index('grant_members_identity').on(table.tenantId, table.identityId),
  ],
);

/**
 * One-time secrets sent by e-mail or handed between hosts. Only the SHA-256 of the token is kept;
 * each row is bound to one purpose, one identity and (except on the platform host) one tenant.
 */
export const actionTokens = pgTable(
  'action_tokens',
  {
    id: id(),
    tokenHash: text('token_hash').notNull().unique(),
    purpose: text('purpose').notNull(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    identityId: uuid('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
    /** The address the token was sent to or issued for; a confirmation only counts for this address. */
    email: text('email').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** For tokens that must come back from the same browser: a hash of its address and user agent. */
    boundTo: text('bound_to'),
    /** The first GET of the page behind the link while it was valid; recorded only, the link stays usable. */
    linkOpenedAt: timestamp('link_opened_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    index('action_tokens_identity_purpose').on(table.identityId, table.purpose, table.createdAt),
    check(
      'action_tokens_purpose',
      sql`${table.purpose} in (${sql.raw(
        [
          'invitation',
          'email_confirmation',
          'password_reset',
          'login_ticket',
          'host_handoff',
          'second_factor_ticket',
          'email_change',
          'email_change_request',
        ]
          .map((purpose) => `'${purpose}'`)
          .join(', '),
      )})`,
    ),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    tokenHash: text('token_hash').notNull().unique(),
    identityId: uuid('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    host: text('host').notNull(),
    /** Shown to the person in their list of sessions, cut to a readable length. */
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (table) => [index('sessions_identity').on(table.identityId)],
);

export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(),
    fromName: text('from_name').notNull(),
    replyTo: text('reply_to'),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    /** Bodies carry the raw link until the mail is sent; they are cleared afterwards. */
    textBody: text('text_body'),
    htmlBody: text('html_body'),
    messageId: text('message_id').notNull().unique(),
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    index('outbox_due').on(table.status, table.nextAttemptAt),
    // The staff's list of people looks up the newest invitation mail of each person it shows.
    index('outbox_tenant_address').on(table.tenantId, table.toAddress, table.createdAt),
    check('outbox_status', sql`${table.status} in ('queued', 'sending', 'sent', 'failed', 'abandoned')`),
  ],
);

/** The development mailbox: what would have been sent, readable at /_dev/mail. Never used in production. */
export const devMails = pgTable('dev_mails', {
  id: id(),
  outboxId: uuid('outbox_id').notNull().unique(),
  fromHeader: text('from_header').notNull(),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  textBody: text('text_body').notNull(),
  htmlBody: text('html_body').notNull(),
  createdAt: createdAt(),
});

/** Secrets shared by every process on one database (CSRF signing key). */
export const appSecrets = pgTable('app_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

/**
 * Failed-login counters shared by every process: one row per account (by canonical address, known
 * or not) and per client address.
 */
export const loginThrottles = pgTable('login_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** Who did what, when and from where: authentication events and changes to access. Never secrets. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    identityId: uuid('identity_id').references(() => identities.id, { onDelete: 'set null' }),
    /** Who did it, when it was somebody else than the person concerned (staff, or null for the operator). */
    actorIdentityId: uuid('actor_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(),
    /** A short, secret-free description of what changed (a setting's name, a host, a grant's name). */
    detail: text('detail'),
    /**
     * The address of the person concerned at the time, as this tenant saw it (until the first login here the one its
     * staff entered): the log keeps it when the address changes later or the person is gone.
     */
    email: text('email'),
    /**
     * The Freischaltung the event concerns, without a reference, so the event outlives the grant; its name at the
     * time, shown when the grant is gone.
     */
    grantId: uuid('grant_id'),
    grantName: text('grant_name'),
    /** The client address, or "cli" for operator commands. */
    origin: text('origin').notNull(),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (table) => [
    index('audit_events_tenant_time').on(table.tenantId, table.createdAt),
    index('audit_events_identity_time').on(table.identityId, table.createdAt),
  ],
);

/**
 * A CSV import of invitations: checked and shown first ("previewed"), then worked through row by
 * row ("running") with its progress here, so any page can show it and a stopped run can resume.
 * The rows (names and addresses) are cleared once it is done.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => identities.id, { onDelete: 'set null' }),
    status: text('status').notNull().default('previewed'),
    fileName: text('file_name').notNull(),
    rows: jsonb('rows').notNull(),
    total: integer('total').notNull(),
    processed: integer('processed').notNull().default(0),
    invited: integer('invited').notNull().default(0),
    activated: integer('activated').notNull().default(0),
    /** Rows whose person was in that grant of this tenant already (a file imported again): nothing sent. */
    alreadyInvited: integer('already_invited').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    failures: jsonb('failures').notNull().default([]),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    index('import_jobs_tenant').on(table.tenantId, table.createdAt),
    check('import_jobs_status', sql`${table.status} in ('previewed', 'running', 'done')`),
  ],
);

/**
 * A GDV file uploaded in the workspace: checked into a preview, then (once confirmed) imported into
 * the portfolio by one process at a time (by lease). The file stays until the import is done, so an
 * import a stopped process left goes on from the last committed batch (`items_done`).
 */
export const gdvImportJobs = pgTable(
  'gdv_import_jobs',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => identities.id, { onDelete: 'set null' }),
    status: text('status').notNull().default('previewed'),
    fileName: text('file_name').notNull(),
    /** The file's bytes as base64 (its 8-bit text survives unchanged); emptied once the import is done. */
    content: text('content').notNull(),
    preview: jsonb('preview').notNull(),
    totalRecords: integer('total_records').notNull(),
    recordsDone: integer('records_done').notNull().default(0),
    itemsDone: integer('items_done').notNull().default(0),
    counts: jsonb('counts').notNull().default({}),
    problems: jsonb('problems').notNull().default([]),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    index('gdv_import_jobs_tenant').on(table.tenantId, table.createdAt),
    check('gdv_import_jobs_status', sql`${table.status} in ('previewed', 'running', 'done', 'failed')`),
  ],
);

/**
 * One row that readiness checks overwrite: a write the database must be able to commit for the
 * process to count as ready (a full disk or a read-only server fails it while reads still work).
 */
export const readinessProbe = pgTable('readiness_probe', {
  id: integer('id').primaryKey(),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
});

/**
 * A Freischaltungsprofil: a named set of sharing options staff apply to grants (applying copies
 * the options), and the profiles whose grants holders of such a grant may hand out themselves.
 */
export const grantProfiles = pgTable(
  'grant_profiles',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    includeClaims: boolean('include_claims').notNull().default(false),
    claimsNeedRelease: boolean('claims_need_release').notNull().default(false),
    claimsWithoutContract: boolean('claims_without_contract').notNull().default(false),
    claimsOnly: boolean('claims_only').notNull().default(false),
    includeReferenceAddresses: boolean('include_reference_addresses').notNull().default(false),
    shareCases: boolean('share_cases').notNull().default(false),
    shareContractsAutomatically: boolean('share_contracts_automatically').notNull().default(false),
    restrictedLinesOfBusiness: text('restricted_lines_of_business')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    documentProfile: text('document_profile'),
    /**
     * When a holder invites a colleague into a grant of this profile: one grant per invitee, named "<grant>/<e-mail>".
     */
    separateGrantPerInvitee: boolean('separate_grant_per_invitee').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('grant_profiles_tenant_name').on(table.tenantId, table.name)],
);

/** Holders of a grant with `profileId` may invite colleagues into grants of `delegatedProfileId`. */
export const grantProfileDelegations = pgTable(
  'grant_profile_delegations',
  {
    profileId: uuid('profile_id')
      .notNull()
      .references(() => grantProfiles.id, { onDelete: 'cascade' }),
    delegatedProfileId: uuid('delegated_profile_id')
      .notNull()
      .references(() => grantProfiles.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.profileId, table.delegatedProfileId] })],
);

/**
 * An authenticator app (TOTP) of one identity. The secret is encrypted (AES-256-GCM); a row without
 * confirmed_at is a set-up that was started but not yet confirmed with a code.
 */
export const secondFactors = pgTable('second_factors', {
  identityId: uuid('identity_id')
    .primaryKey()
    .references(() => identities.id, { onDelete: 'cascade' }),
  secretCiphertext: text('secret_ciphertext').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  /** The last accepted time step: a code of this step or an earlier one is never accepted again. */
  lastUsedStep: integer('last_used_step').notNull().default(0),
  createdAt: createdAt(),
});

/** One-time recovery codes; only their SHA-256 is stored (each carries 120 random bits). */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: id(),
    identityId: uuid('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull().unique(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [index('recovery_codes_identity').on(table.identityId)],
);

/** Keys of a tenant's integrations (CRM). Only the SHA-256 of the key is kept. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the key, shown in lists so people can tell keys apart. */
    keyPrefix: text('key_prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [index('api_keys_tenant').on(table.tenantId)],
);

/**
 * Idempotency-Key of API POSTs: the row is inserted before the work, so a second process with the
 * same key sees it (409 while pending) and replays the stored answer once it is complete.
 */
export const apiIdempotencyKeys = pgTable(
  'api_idempotency_keys',
  {
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.apiKeyId, table.key] }),
    index('api_idempotency_expiry').on(table.expiresAt),
  ],
);

/** Requests per key and fixed window, shared by every process. */
export const apiRateCounters = pgTable(
  'api_rate_counters',
  {
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    requests: integer('requests').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.apiKeyId, table.windowStart] })],
);

export const webhooks = pgTable(
  'webhooks',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** Kept as is: the portal needs it to sign every delivery. Shown to the tenant once. */
    secret: text('secret').notNull(),
    events: text('events').array().notNull(),
    createdAt: createdAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (table) => [index('webhooks_tenant').on(table.tenantId)],
);

/** One event for one webhook; claimed like the outbox (SKIP LOCKED and leases), retried with backoff. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: text('payload').notNull(),
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    index('webhook_deliveries_due').on(table.status, table.nextAttemptAt),
    index('webhook_deliveries_webhook').on(table.webhookId, table.createdAt),
    check('webhook_deliveries_status', sql`${table.status} in ('queued', 'sending', 'delivered', 'abandoned')`),
  ],
);

/** The delivery log: one row per HTTP attempt. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: id(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMilliseconds: integer('duration_milliseconds').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('webhook_attempts_webhook').on(table.webhookId, table.createdAt)],
);

/**
 * A name with contact details, as the CRM keeps case handlers and advisers; staffIdentityId when they are staff here.
 */
export interface ContactPerson {
  name: string;
  phone: string | null;
  email: string | null;
  staffIdentityId: string | null;
}

/** A customer (Kunde) of the broker's portfolio, keyed by the CRM's customer number. Written only by the CRM. */
export const customers = pgTable(
  'customers',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerNumber: text('customer_number').notNull(),
    kind: text('kind').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    companyName: text('company_name'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    street: text('street'),
    postcode: text('postcode'),
    city: text('city'),
    country: text('country'),
    emailAddresses: text('email_addresses')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    phone: text('phone'),
    caseHandler: jsonb('case_handler').$type<ContactPerson>(),
    adviser: jsonb('adviser').$type<ContactPerson>(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('customers_tenant_number').on(table.tenantId, table.customerNumber),
    check('customers_kind', sql`${table.kind} in ('private', 'business')`),
  ],
);

/** Reference addresses (Risikoorte) of a customer, in the CRM's order; shown only where a grant allows. */
export const customerReferenceAddresses = pgTable(
  'customer_reference_addresses',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    street: text('street'),
    postcode: text('postcode'),
    city: text('city'),
    country: text('country'),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.position] })],
);

/** The intermediary accounts (Vermittlerkonten) a customer belongs to; an intermediary grant names accounts. */
export const customerIntermediaryAccounts = pgTable(
  'customer_intermediary_accounts',
  {
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    accountNumber: text('account_number').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.customerId, table.accountNumber] }),
    index('customer_intermediary_accounts_account').on(table.tenantId, table.accountNumber),
  ],
);

/**
 * A contract (Vertrag), keyed by the GDV key: insurer number, Sparte, policy number. Dates the CRM
 * may know only in part are 'YYYY-MM-DD' text with '00' for an unknown month or day.
 */
export const contracts = pgTable(
  'contracts',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    insurerNumber: text('insurer_number').notNull(),
    lineOfBusiness: text('line_of_business').notNull(),
    policyNumber: text('policy_number').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    insurerName: text('insurer_name'),
    productName: text('product_name'),
    status: text('status').notNull(),
    cancellationReason: text('cancellation_reason'),
    cancelledOn: text('cancelled_on'),
    startDate: text('start_date'),
    endDate: text('end_date'),
    mainDueDate: text('main_due_date'),
    paymentFrequency: text('payment_frequency'),
    premiumNetCents: bigint('premium_net_cents', { mode: 'number' }),
    premiumGrossCents: bigint('premium_gross_cents', { mode: 'number' }),
    riskDescription: text('risk_description'),
    vehiclePlate: text('vehicle_plate'),
    vehicleHsn: text('vehicle_hsn'),
    vehicleTsn: text('vehicle_tsn'),
    vehicleVin: text('vehicle_vin'),
    noClaimsClass: text('no_claims_class'),
    sumsInsured: jsonb('sums_insured').$type<{ label: string; cents: number }[]>().notNull().default([]),
    caseHandler: jsonb('case_handler').$type<ContactPerson>(),
    adviser: jsonb('adviser').$type<ContactPerson>(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('contracts_tenant_key').on(
      table.tenantId,
      table.insurerNumber,
      table.lineOfBusiness,
      table.policyNumber,
    ),
    index('contracts_customer').on(table.tenantId, table.customerId),
    check('contracts_status', sql`${table.status} in ('active', 'cancelled', 'dormant')`),
    check('contracts_line_of_business', sql`${table.lineOfBusiness} ~ '^[0-9]{3}$'`),
  ],
);

/** Contracts shared into a grant by hand, besides (or instead of) the grant's automatic sharing. */
export const contractShares = pgTable(
  'contract_shares',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    grantId: uuid('grant_id')
      .notNull()
      .references(() => grants.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.contractId, table.grantId] }),
    index('contract_shares_grant').on(table.tenantId, table.grantId),
  ],
);

/**
 * A document of a customer, optionally of one of their contracts. The bytes live in the file store under
 * `file_key` (`<tenant>/<sha256>`); several rows of a tenant may name the same key (the same bytes twice).
 */
export const documents = pgTable(
  'documents',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    contractId: uuid('contract_id').references(() => contracts.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** What the person who uploaded it wrote with it (the portal's upload form), or null. */
    comment: text('comment'),
    /** Schlagwörter; a grant's document profile decides by them who sees the document. */
    keywords: text('keywords')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    documentDate: date('document_date', { mode: 'string' }),
    direction: text('direction').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    fileKey: text('file_key').notNull(),
    uploadedByIdentityId: uuid('uploaded_by_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    uploadedByApiKeyId: uuid('uploaded_by_api_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('documents_customer_created').on(table.tenantId, table.customerId, table.createdAt.desc(), table.id.desc()),
    index('documents_contract_created').on(table.tenantId, table.contractId, table.createdAt.desc(), table.id.desc()),
    index('documents_file_key').on(table.tenantId, table.fileKey),
    check('documents_direction', sql`${table.direction} in ('from_broker', 'from_customer')`),
  ],
);

/** Who has opened which document: a document without a row for a person is "neu" for them. */
export const documentReads = pgTable(
  'document_reads',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    identityId: uuid('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
    readAt: timestamp('read_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.documentId, table.identityId] })],
);

/**
 * The broker's keywords: `visible` ones make up the document profile "Standard"; `important` ones are listed on a
 * contract's page with their explanation.
 */
export const tenantKeywords = pgTable(
  'tenant_keywords',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    keyword: text('keyword').notNull(),
    isVisible: boolean('is_visible').notNull().default(true),
    isImportant: boolean('is_important').notNull().default(false),
    explanation: text('explanation'),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.keyword] })],
);

/**
 * Per person and tenant: whether they get the mail "Neue Dokumente in Ihrem Kundenportal" (Mein Zugang's switch, on
 * unless a row says otherwise) and its digest: how many of the broker's documents arrived since the last mail, and
 * when that mail went out (at most one an hour).
 */
export const documentNotifications = pgTable(
  'document_notifications',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    identityId: uuid('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
    isEnabled: boolean('is_enabled').notNull().default(true),
    /** Documents that arrived since the last mail; 0 when nothing is due. */
    pendingCount: integer('pending_count').notNull().default(0),
    /** The broker's messages that arrived since the last mail; they share its digest with the documents. */
    pendingMessageCount: integer('pending_message_count').notNull().default(0),
    pendingSince: timestamp('pending_since', { withTimezone: true }),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.identityId] }),
    index('document_notifications_pending')
      .on(table.lastSentAt)
      .where(sql`${table.pendingCount} + ${table.pendingMessageCount} > 0`),
  ],
);

/**
 * The staff's digest of customers' messages, one row per recipient and tenant: a staff member (`identity_id`) or,
 * when nobody is in charge, the tenant's contact address (`identity_id` null, `recipient` 'contact').
 */
export const staffMessageNotifications = pgTable(
  'staff_message_notifications',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The identity's id as text, or 'contact' for the tenant's contact address: one key for both. */
    recipient: text('recipient').notNull(),
    identityId: uuid('identity_id').references(() => identities.id, { onDelete: 'cascade' }),
    pendingCount: integer('pending_count').notNull().default(0),
    /** The one conversation all pending messages belong to; null for several (the mail then links the inbox). */
    conversationId: uuid('conversation_id'),
    pendingSince: timestamp('pending_since', { withTimezone: true }),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.recipient] }),
    index('staff_message_notifications_pending')
      .on(table.lastSentAt)
      .where(sql`${table.pendingCount} > 0`),
  ],
);

/**
 * A loss reported in the portal (Schadenmeldung): a draft while the person fills in its steps, then gemeldet and on
 * through the broker's handling. It belongs to the customer, the contract it was reported from (null once the CRM
 * deletes the contract), the person who reported it and the grant they reported through.
 */
export const claims = pgTable(
  'claims',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    contractId: uuid('contract_id').references(() => contracts.id, { onDelete: 'set null' }),
    reporterIdentityId: uuid('reporter_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    grantId: uuid('grant_id').references(() => grants.id, { onDelete: 'set null' }),
    /** The questions asked: HPV, KFZ, SACH, TECH, TRANS or DEFAULT, from the contract's Sparte at the start. */
    route: text('route').notNull(),
    status: text('status').notNull(),
    /** The last step saved (0: none yet). */
    step: integer('step').notNull().default(0),
    /** The answers of the steps saved so far, as the route's schema validated them. */
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
    insurerClaimNumber: text('insurer_claim_number'),
    brokerClaimNumber: text('broker_claim_number'),
    /** The staff member who handles the claim in the workspace; null: nobody yet. */
    assignedIdentityId: uuid('assigned_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    /** The CRM's own key of a claim it pushed (PUT /claims/external/{externalId}); null for claims reported here. */
    externalId: text('external_id'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** When the reporter sent it for release (status awaiting_release). */
    releaseRequestedAt: timestamp('release_requested_at', { withTimezone: true }),
    /** Who released it, when a second person had to. */
    releasedByIdentityId: uuid('released_by_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    /** The comment of the last return to the reporter, shown on the draft until it is sent again. */
    returnComment: text('return_comment'),
    /** When the reporter of a draft left untouched was reminded of it; cleared when the draft is saved again. */
    draftRemindedAt: timestamp('draft_reminded_at', { withTimezone: true }),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('claims_contract').on(table.tenantId, table.contractId),
    index('claims_customer').on(table.tenantId, table.customerId),
    index('claims_reporter').on(table.tenantId, table.reporterIdentityId, table.status),
    index('claims_status').on(table.tenantId, table.status, table.submittedAt.desc()),
    index('claims_assigned').on(table.tenantId, table.assignedIdentityId),
    index('claims_updated').on(table.tenantId, table.updatedAt, table.id),
    // The workspace's list order: newest report first, a pushed claim by when it was pushed.
    index('claims_reported').on(
      table.tenantId,
      sql`coalesce(${table.submittedAt}, ${table.createdAt}) desc`,
      sql`${table.id} desc`,
    ),
    uniqueIndex('claims_external_id').on(table.tenantId, table.externalId),
    index('claims_drafts_untouched')
      .on(table.updatedAt)
      .where(sql`${table.status} = 'draft'`),
    check(
      'claims_status',
      sql`${table.status} in ('draft', 'awaiting_release', 'submitted', 'in_progress', 'settled', 'refused', 'closed')`,
    ),
    check('claims_route', sql`${table.route} in ('HPV', 'KFZ', 'SACH', 'TECH', 'TRANS', 'DEFAULT')`),
  ],
);

/** Each status change of a claim and each note to the customer, oldest first: the claim's history. */
export const claimHistory = pgTable(
  'claim_history',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    /** The status after this entry; the same as before for a note alone. */
    status: text('status').notNull(),
    previousStatus: text('previous_status'),
    /** What the customer is told; shown to everybody who sees the claim. */
    note: text('note'),
    /**
     * Who: 'staff' (with the staff member, null once they are gone), 'crm' (through API v1) or 'portal' (the person
     * who reported or released the claim in the portal).
     */
    source: text('source').notNull(),
    actorIdentityId: uuid('actor_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    /** The order of entries written in the same millisecond (a push and its first change). */
    position: bigint('position', { mode: 'number' }).generatedAlwaysAsIdentity(),
  },
  (table) => [
    index('claim_history_claim').on(table.tenantId, table.claimId, table.createdAt),
    check('claim_history_source', sql`${table.source} in ('staff', 'crm', 'portal')`),
  ],
);

/**
 * A tenant's own choice of the claim route for a Sparte, where it differs from the mapping in code
 * (`claimRouteOfSparte`); a Sparte without a row takes the code's route. Read when a claim starts.
 */
export const claimSparteRoutes = pgTable(
  'claim_sparte_routes',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The three-digit GDV code. */
    sparte: text('sparte').notNull(),
    route: text('route').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.sparte] }),
    check('claim_sparte_routes_sparte', sql`${table.sparte} ~ '^[0-9]{3}$'`),
    check('claim_sparte_routes_route', sql`${table.route} in ('HPV', 'KFZ', 'SACH', 'TECH', 'TRANS', 'DEFAULT')`),
  ],
);

/** Photos and PDFs a reporter attached to a claim; the bytes live in the file store like documents'. */
export const claimAttachments = pgTable(
  'claim_attachments',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    fileKey: text('file_key').notNull(),
    /** The name the reporter's device gave the file, made safe for a download. */
    fileName: text('file_name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Told by the file's bytes, never by its name or the browser. */
    contentType: text('content_type').notNull(),
    /** The order the reporter added them in (files of one upload share their moment). */
    position: integer('position').notNull(),
    uploadedByIdentityId: uuid('uploaded_by_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('claim_attachments_claim').on(table.tenantId, table.claimId, table.position),
    index('claim_attachments_file_key').on(table.tenantId, table.fileKey),
  ],
);

/**
 * A conversation (Vorgang) between portal users and the broker about a customer (and optionally one of its
 * contracts). `ownerIdentityId` is the person who started it in the portal; null when the broker or the CRM started
 * it, which addresses everybody who sees the customer. `grantId` is the grant it was started through: with "Vorgänge
 * teilen" that grant's people see it too. `lastMessageAt` counts only what customers see; `lastActivityAt` internal
 * notes too (the workspace's order and unread state).
 */
export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Null only for "Kunden anlegen", which is about a customer the broker does not have yet. */
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
    contractId: uuid('contract_id').references(() => contracts.id, { onDelete: 'set null' }),
    grantId: uuid('grant_id').references(() => grants.id, { onDelete: 'set null' }),
    ownerIdentityId: uuid('owner_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    assignedStaffId: uuid('assigned_staff_id').references(() => identities.id, { onDelete: 'set null' }),
    subject: text('subject').notNull(),
    status: text('status').notNull().default('open'),
    /** Who started it: a portal person, a staff member or the CRM. */
    createdByKind: text('created_by_kind').notNull(),
    createdByIdentityId: uuid('created_by_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    /** A plain message, or a service request (Anliegen) of a kind; see `conversations/service-request.ts`. */
    kind: text('kind').notNull().default('message'),
    /** A service request's structured fields as filed, for staff and the CRM to apply; null for a message. */
    fields: jsonb('fields'),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull(),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('conversations_customer').on(table.tenantId, table.customerId, table.lastMessageAt.desc()),
    index('conversations_activity').on(table.tenantId, table.lastActivityAt.desc(), table.id.desc()),
    index('conversations_assigned').on(table.tenantId, table.assignedStaffId, table.lastActivityAt.desc()),
    index('conversations_updated').on(table.tenantId, table.updatedAt, table.id),
    index('conversations_kind').on(table.tenantId, table.kind, table.lastActivityAt.desc()),
    check('conversations_status', sql`${table.status} in ('open', 'closed')`),
    check('conversations_created_by', sql`${table.createdByKind} in ('person', 'staff', 'crm')`),
    check(
      'conversations_kind',
      sql`${table.kind} in ('message', 'contract_add', 'data_change', 'portfolio_transfer', 'customer_add')`,
    ),
    check('conversations_customer', sql`(${table.customerId} is null) = (${table.kind} = 'customer_add')`),
    check('conversations_request_fields', sql`(${table.kind} = 'message') = (${table.fields} is null)`),
    check('conversations_subject_length', sql`char_length(${table.subject}) between 1 and 200`),
  ],
);

/** One message of a conversation; internal notes are for the broker's staff only. */
export const conversationMessages = pgTable(
  'conversation_messages',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    authorKind: text('author_kind').notNull(),
    authorIdentityId: uuid('author_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    isInternal: boolean('is_internal').notNull().default(false),
    /** 1, 2, … in the conversation: the order written, also for messages of the same instant. */
    position: integer('position').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('conversation_messages_position').on(table.tenantId, table.conversationId, table.position),
    check('conversation_messages_author', sql`${table.authorKind} in ('person', 'staff', 'crm')`),
    check('conversation_messages_body_length', sql`char_length(${table.body}) between 1 and 10000`),
    check('conversation_messages_internal', sql`not ${table.isInternal} or ${table.authorKind} = 'staff'`),
  ],
);

/**
 * A file attached to a conversation's message, stored like documents (content-addressed per tenant). It is seen by
 * whoever sees its message: an internal note's attachments only by the broker's staff. Written with its message in
 * one transaction, so a message never has half of its files.
 */
export const conversationAttachments = pgTable(
  'conversation_attachments',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => conversationMessages.id, { onDelete: 'cascade' }),
    fileKey: text('file_key').notNull(),
    /** The name the sender's device gave the file, made safe for a download, with the extension its bytes show. */
    fileName: text('file_name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Told by the file's bytes, never by its name or the browser. */
    contentType: text('content_type').notNull(),
    /** The order within the message. */
    position: integer('position').notNull(),
    uploadedByIdentityId: uuid('uploaded_by_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('conversation_attachments_message').on(table.tenantId, table.conversationId, table.messageId, table.position),
    index('conversation_attachments_file_key').on(table.tenantId, table.fileKey),
  ],
);

/** Up to when a person has read a conversation: anything newer is unread for them. */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    identityId: uuid('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
    readAt: timestamp('read_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.conversationId, table.identityId] }),
    index('conversation_reads_identity').on(table.tenantId, table.identityId),
  ],
);

/**
 * A person's request for their data at one broker ("Meine Daten herunterladen"): prepared by the worker into one ZIP
 * in the file store, announced by mail with a link that works once within its lifetime. Only the SHA-256 of the link's
 * token is kept. A person has at most one open export per broker (pending or ready), which the partial unique index
 * holds against double clicks and concurrent requests.
 */
export const dataExports = pgTable(
  'data_exports',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    identityId: uuid('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
    status: text('status').notNull().default('pending'),
    /** Until when a worker prepares it; another worker takes it over afterwards. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    /** The ZIP in the file store while it exists; null before it is ready and after it is removed. */
    fileKey: text('file_key'),
    fileSize: bigint('file_size', { mode: 'number' }),
    tokenHash: text('token_hash').unique(),
    createdAt: createdAt(),
    readyAt: timestamp('ready_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    downloadedAt: timestamp('downloaded_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('data_exports_one_open')
      .on(table.tenantId, table.identityId)
      .where(sql`${table.status} in ('pending', 'ready')`),
    index('data_exports_person').on(table.tenantId, table.identityId, table.createdAt),
    index('data_exports_pending')
      .on(table.createdAt)
      .where(sql`${table.status} = 'pending'`),
    index('data_exports_files')
      .on(table.status)
      .where(sql`${table.fileKey} is not null`),
    check('data_exports_status', sql`${table.status} in ('pending', 'ready', 'downloaded', 'expired', 'failed')`),
  ],
);

/**
 * The broker's documents a person acknowledges or consents to before using the portal: the Erstinformation (status
 * information before first advice, §15 VersVermV; at most one per tenant, always asked) and named consent documents
 * ("Maklervertrag", "Maklervollmacht"), asked only while marked as requiring consent.
 */
export const consentDocuments = pgTable(
  'consent_documents',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    isConsentRequired: boolean('is_consent_required').notNull().default(false),
    /** The version people are asked about; null until the first upload. */
    currentVersionId: uuid('current_version_id').references((): AnyPgColumn => consentDocumentVersions.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('consent_documents_tenant_title').on(table.tenantId, table.title),
    uniqueIndex('consent_documents_one_information')
      .on(table.tenantId)
      .where(sql`${table.kind} = 'information'`),
    check('consent_documents_kind', sql`${table.kind} in ('information', 'consent')`),
    check('consent_documents_title_length', sql`char_length(${table.title}) between 1 and 120`),
  ],
);

/** Each upload of a consent document is a new version; versions are never changed or removed (they are the record). */
export const consentDocumentVersions = pgTable(
  'consent_document_versions',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => consentDocuments.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    fileKey: text('file_key').notNull(),
    uploadedByIdentityId: uuid('uploaded_by_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('consent_document_versions_number').on(table.tenantId, table.documentId, table.version),
    index('consent_document_versions_file_key').on(table.tenantId, table.fileKey),
  ],
);

/** A person's acknowledgement (Erstinformation) or consent to one version of a tenant's consent document. */
export const consents = pgTable(
  'consents',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    identityId: uuid('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => consentDocuments.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => consentDocumentVersions.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    kind: text('kind').notNull(),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull(),
    clientAddress: text('client_address').notNull(),
    userAgent: text('user_agent'),
  },
  (table) => [
    // One record per person and version: a form sent twice records once.
    uniqueIndex('consents_identity_version').on(table.tenantId, table.identityId, table.versionId),
    index('consents_tenant_given').on(table.tenantId, table.givenAt, table.id),
    check('consents_kind', sql`${table.kind} in ('acknowledged', 'consented')`),
  ],
);

/**
 * A number per tenant and scope that rises with every committed change to the tables the scope's pages read: the
 * database's triggers raise it once per transaction, when the transaction commits. A page kept for a person is shown
 * again while the number is the one it was rendered at (`src/http/pages/kept-content.ts`). Scope `portfolio`: the
 * customers, contracts, their sharing and the grants, memberships and profiles that decide who sees them.
 */
export const contentVersions = pgTable(
  'content_versions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    scope: text('scope').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.scope] })],
);
