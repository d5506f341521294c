import { HOUR, MINUTE, SECOND } from '../../shared/clock.js';

export interface ThrottleRule {
  /** Failures allowed before the first lock. */
  freeFailures: number;
  /** The first lock; each further failure doubles it, up to the maximum. */
  firstLock: number;
  maximumLock: number;
  /** A quiet period after which the count starts again. */
  forgetAfter: number;
}

/**
 * Growing, temporary locks only: a permanent lockout would let anybody lock a customer out for good
 * by typing wrong passwords. NIST 800-63B allows at most 100 consecutive failures per account; this
 * stays far below that while an honest person with a few typos never notices.
 */
export const ACCOUNT_RULE: ThrottleRule = {
  freeFailures: 5,
  firstLock: 30 * SECOND,
  maximumLock: 15 * MINUTE,
  forgetAfter: 12 * HOUR,
};
/** Many people can share one address (an office, a carrier's NAT), so the client address gets more room. */
export const CLIENT_RULE: ThrottleRule = {
  freeFailures: 30,
  firstLock: 30 * SECOND,
  maximumLock: 15 * MINUTE,
  forgetAfter: 1 * HOUR,
};

/** How long to lock after the given number of consecutive failures (0 = not locked). */
export function lockDurationAfter(failures: number, rule: ThrottleRule): number {
  if (failures <= rule.freeFailures) {
    return 0;
  }
  const doublings = Math.min(failures - rule.freeFailures - 1, 30);
  return Math.min(rule.firstLock * 2 ** doublings, rule.maximumLock);
}
/**
 * Unknown tokens sent to the link pages by one client. Mistyped or cut-off links are a handful; a
 * mail scanner opens known links, which do not count. Past that, a client is guessing.
 */
export const LINK_CLIENT_RULE: ThrottleRule = {
  freeFailures: 20,
  firstLock: 1 * MINUTE,
  maximumLock: 15 * MINUTE,
  forgetAfter: 1 * HOUR,
};
/**
 * Download links of the CRM's events that one client sent but that open nothing (unknown, altered, expired, or their
 * document deleted). A CRM fetches each link once, a retry of a delivery a fresh one, so a few failures are a late
 * retry; far more from one address is somebody trying tokens. Downloads that work give their attempt back: a CRM that
 * fetches a thousand documents in a row from one address is never stopped.
 */
export const DOCUMENT_LINK_CLIENT_RULE: ThrottleRule = {
  freeFailures: 30,
  firstLock: 1 * MINUTE,
  maximumLock: 15 * MINUTE,
  forgetAfter: 1 * HOUR,
};
