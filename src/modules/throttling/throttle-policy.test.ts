import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../../shared/clock.js';
import { ACCOUNT_RULE, lockDurationAfter } from './throttle-policy.js';

describe('lockDurationAfter', () => {
  it('lets a few typos pass, then locks for growing, bounded times', () => {
    expect([1, 2, 3, 4, 5].map((failures) => lockDurationAfter(failures, ACCOUNT_RULE))).toEqual([0, 0, 0, 0, 0]);
    expect(lockDurationAfter(6, ACCOUNT_RULE)).toBe(30 * SECOND);
    expect(lockDurationAfter(7, ACCOUNT_RULE)).toBe(60 * SECOND);
    expect(lockDurationAfter(8, ACCOUNT_RULE)).toBe(2 * MINUTE);
    expect(lockDurationAfter(11, ACCOUNT_RULE)).toBe(15 * MINUTE);
    expect(lockDurationAfter(10_000, ACCOUNT_RULE)).toBe(15 * MINUTE);
  });
});
