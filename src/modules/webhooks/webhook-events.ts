import type { Database } from '../../db/database.js';
import type { AuditEvent } from '../audit/audit-service.js';
import { parseEmailAddress } from '../identities/email-address.js';
import { identitiesIn } from '../identities/identity-service.js';
import type { WebhookService } from './webhook-service.js';

/**
 * Invitation mails that were sent or given up become invitation.sent / invitation.delivery_failed. The mail that tells a
 * person with a password that access is open is their invitation: the broker hears of it alike, and not which it was.
 */
export async function emitMailEvent(
  db: Database,
  webhooks: WebhookService,
  mail: { id: string; tenantId: string | null; kind: string; toAddress: string },
  result: 'sent' | 'failed' | 'abandoned',
): Promise<void> {
  if ((mail.kind !== 'invitation' && mail.kind !== 'access_granted') || mail.tenantId === null) {
    return;
  }
  const address = parseEmailAddress(mail.toAddress);
  const identity = address === null ? null : await identitiesIn(db).findByEmail(address.canonical);
  await webhooks.emit(db, mail.tenantId, result === 'sent' ? 'invitation.sent' : 'invitation.delivery_failed', {
    personId: identity?.id ?? null,
    email: mail.toAddress,
    mailId: mail.id,
  });
}

/**
 * A password set through an invitation, the first login that accepts the invitation of a person who had a password
 * already, and a confirmed address reach the tenants' webhooks from the audit trail.
 */
export async function emitAuditEvent(webhooks: WebhookService, event: AuditEvent, executor: Database): Promise<void> {
  if (event.identityId === null) {
    return;
  }
  if (event.kind === 'password.set' || event.kind === 'invitation.accepted') {
    const data = { personId: event.identityId };
    await (event.tenantId === null
      ? webhooks.emitForIdentity(executor, event.identityId, 'invitation.accepted', data)
      : webhooks.emit(executor, event.tenantId, 'invitation.accepted', data));
  } else if (event.kind === 'email.confirmed') {
    await webhooks.emitForIdentity(executor, event.identityId, 'person.email_confirmed', {
      personId: event.identityId,
    });
  }
}
