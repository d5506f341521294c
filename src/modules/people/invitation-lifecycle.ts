import type { PersonText } from '../../shared/i18n/translator.js';
import { deliveryFailureTexts } from '../outbox/delivery-failure.js';

/** Where a person's invitation to one tenant stands, from the staff's point of view; the newest step wins. */
export type LifecycleStep =
  'queued' | 'sent' | 'delivery_failed' | 'link_opened' | 'password_set' | 'first_login' | 'expired' | 'revoked';

export const LIFECYCLE_STEPS: readonly LifecycleStep[] = [
  'queued',
  'sent',
  'delivery_failed',
  'link_opened',
  'password_set',
  'first_login',
  'expired',
  'revoked',
];

export interface InvitationLifecycle {
  step: LifecycleStep;
  /** When the step happened; null when it is not known in this tenant (a password set through another broker's link). */
  at: Date | null;
  /** For a failed delivery: the reason in plain words, as texts the page translates. */
  reason: PersonText[] | null;
}

export interface LifecycleFacts {
  /** Has a password and no longer waits for this tenant's invitation; a person with a password from elsewhere has not, yet. */
  hasAccepted: boolean;
  firstLoginAt: Date | null;
  /** The newest invitation link of this tenant. */
  invitation: {
    createdAt: Date;
    expiresAt: Date;
    usedAt: Date | null;
    revokedAt: Date | null;
    linkOpenedAt: Date | null;
  } | null;
  /** The newest invitation mail to the person's address in this tenant. */
  mail: { status: string; lastError: string | null; sentAt: Date | null } | null;
}

export function isLifecycleStep(value: string): value is LifecycleStep {
  return (LIFECYCLE_STEPS as readonly string[]).includes(value);
}

/**
 * The furthest step a person's invitation has reached. Until the first login here, a person with a password from
 * elsewhere has the same story as a new one (without the opened link: they get no link); a person who had access here
 * before invitations were recorded for them has none: null.
 */
export function lifecycleOf(facts: LifecycleFacts, now: Date): InvitationLifecycle | null {
  const { invitation, mail } = facts;
  if (facts.firstLoginAt !== null) {
    return step('first_login', facts.firstLoginAt);
  }
  if (facts.hasAccepted) {
    return invitation !== null && invitation.usedAt !== null ? step('password_set', invitation.usedAt) : null;
  }
  if (invitation === null) {
    return null;
  }
  if (invitation.revokedAt !== null) {
    return step('revoked', invitation.revokedAt);
  }
  if (invitation.expiresAt.getTime() <= now.getTime()) {
    return step('expired', invitation.expiresAt);
  }
  if (invitation.linkOpenedAt !== null) {
    return step('link_opened', invitation.linkOpenedAt);
  }
  if (mail?.status === 'failed' || mail?.status === 'abandoned') {
    return { step: 'delivery_failed', at: null, reason: deliveryFailureTexts(mail.status, mail.lastError) };
  }
  if (mail?.status === 'sent') {
    return step('sent', mail.sentAt);
  }
  return step('queued', invitation.createdAt);
}

export function earlierOf(first: Date | null, second: Date | null): Date | null {
  if (first === null || second === null) {
    return first ?? second;
  }
  return first.getTime() <= second.getTime() ? first : second;
}

function step(name: LifecycleStep, at: Date | null): InvitationLifecycle {
  return { step: name, at, reason: null };
}
