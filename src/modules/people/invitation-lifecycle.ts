import type { PersonText } from '../../shared/i18n/translator.js';
import { deliveryFailureTexts } from '../outbox/delivery-failure.js';
import type { LifecycleStep, PersonRow } from './people-repo.js';

export type { LifecycleStep } from './people-repo.js';

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

export function isLifecycleStep(value: string): value is LifecycleStep {
  return (LIFECYCLE_STEPS as readonly string[]).includes(value);
}

/** The step as the database states it (read-models/people-state-sql.ts), with a failed delivery's reason in words. */
export function lifecycleOfRow(row: Pick<PersonRow, 'step' | 'stepAt' | 'mail'>): InvitationLifecycle | null {
  if (row.step === null) {
    return null;
  }
  const mail = row.mail;
  const reason =
    row.step === 'delivery_failed' && mail !== null && (mail.status === 'failed' || mail.status === 'abandoned')
      ? deliveryFailureTexts(mail.status, mail.lastError)
      : null;
  return { step: row.step, at: row.stepAt, reason };
}
