import type { PersonText } from '../../shared/i18n/translator.js';
import { deliveryFailureTexts } from '../outbox/delivery-failure.js';
import { LIFECYCLE_STEPS, type LifecycleStep, type PersonRow } from './people-repo.js';

export { LIFECYCLE_STEPS, type LifecycleStep } from './people-repo.js';

export interface InvitationLifecycle {
  step: LifecycleStep;
  /**
   * When the step happened; null when it is not known in this tenant (a password set through another broker's link).
   */
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
