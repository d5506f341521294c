import { describe, expect, it } from 'vitest';
import { lifecycleOf, type LifecycleFacts } from './invitation-lifecycle.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const at = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60_000);
const OPEN = { createdAt: at(-10), expiresAt: at(60), usedAt: null, revokedAt: null, linkOpenedAt: null };
const PENDING: LifecycleFacts = {
  hasAccepted: false,
  firstLoginAt: null,
  invitation: OPEN,
  mail: { status: 'queued', lastError: null, sentAt: null },
};

describe('lifecycleOf', () => {
  it('follows an invitation from the queue to the first login', () => {
    expect(lifecycleOf(PENDING, NOW)).toEqual({ step: 'queued', at: at(-10), reason: null });
    expect(lifecycleOf({ ...PENDING, mail: { status: 'sent', lastError: null, sentAt: at(-9) } }, NOW)).toEqual({
      step: 'sent',
      at: at(-9),
      reason: null,
    });
    expect(
      lifecycleOf(
        {
          ...PENDING,
          invitation: { ...OPEN, linkOpenedAt: at(-5) },
          mail: { status: 'sent', lastError: null, sentAt: at(-9) },
        },
        NOW,
      )?.step,
    ).toBe('link_opened');
    expect(
      lifecycleOf(
        { ...PENDING, hasAccepted: true, invitation: { ...OPEN, linkOpenedAt: at(-5), usedAt: at(-4) } },
        NOW,
      ),
    ).toEqual({ step: 'password_set', at: at(-4), reason: null });
    expect(
      lifecycleOf(
        { ...PENDING, hasAccepted: true, firstLoginAt: at(-1), invitation: { ...OPEN, usedAt: at(-4) } },
        NOW,
      ),
    ).toEqual({ step: 'first_login', at: at(-1), reason: null });
  });

  it('names the reason of a failed delivery, and revoked before expired', () => {
    const failed = lifecycleOf(
      { ...PENDING, mail: { status: 'failed', lastError: 'Message failed: 552 Mailbox full', sentAt: null } },
      NOW,
    );
    expect(failed).toMatchObject({
      step: 'delivery_failed',
      reason: expect.arrayContaining([{ text: 'Das Postfach des Empfängers ist voll.' }]),
    });
    expect(lifecycleOf({ ...PENDING, invitation: { ...OPEN, expiresAt: at(-1), revokedAt: at(-2) } }, NOW)?.step).toBe(
      'revoked',
    );
    expect(lifecycleOf({ ...PENDING, invitation: { ...OPEN, expiresAt: at(-1) } }, NOW)).toEqual({
      step: 'expired',
      at: at(-1),
      reason: null,
    });
  });

  it('has nothing to tell of a person who had access here before any invitation of this tenant', () => {
    expect(lifecycleOf({ hasAccepted: true, firstLoginAt: null, invitation: null, mail: null }, NOW)).toBeNull();
  });
});
