import type { Database } from '../../db/database.js';
import { identitiesIn } from '../identities/identity-service.js';
import { mailBrandingOf } from '../mail/mail-layout.js';
import { membershipsIn } from '../memberships/membership-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import { renderClaimPortalMail, type ClaimPortalMailKind } from './claim-release-mail.js';

const OUTBOX_KINDS = {
  release_requested: 'claim_release_requested',
  released: 'claim_released',
  returned: 'claim_returned',
  draft_reminder: 'claim_draft_reminder',
} as const;

/**
 * Writes one of the claims' mails to a person of the portal into the outbox, in the caller's transaction, in the
 * person's language. Only people who can log in here get one (a password set, access open): for anybody else the link
 * would lead nowhere. Returns whether a mail was written.
 */
export async function enqueueClaimPortalMail(
  executor: Database,
  outbox: OutboxService,
  tenant: Tenant,
  mail: { kind: ClaimPortalMailKind; identityId: string; link: string; now: Date; deletionAt?: Date },
): Promise<boolean> {
  const identity = await identitiesIn(executor).findById(mail.identityId);
  if (identity === null || identity.passwordHash === null) return false;
  if (!(await membershipsIn(executor).hasAccess(tenant.id, identity.id, mail.now))) return false;
  const rendered = renderClaimPortalMail({
    kind: mail.kind,
    language: identity.language,
    branding: mailBrandingOf(tenant),
    recipientName: identity.name,
    link: mail.link,
    ...(mail.deletionAt === undefined ? {} : { deletionAt: mail.deletionAt }),
  });
  await outbox.enqueueMail(executor, {
    tenantId: tenant.id,
    kind: OUTBOX_KINDS[mail.kind],
    fromName: tenant.senderName ?? tenant.name,
    to: identity.emailDisplay,
    ...rendered,
  });
  return true;
}
