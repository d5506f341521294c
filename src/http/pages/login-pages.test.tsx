import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../shared/i18n/translator.js';
import { groupInFours } from './second-factor-pages.js';
import { describeWait } from './login-pages.js';

describe('describeWait', () => {
  const german = translatorFor('de');
  const english = translatorFor('en');

  it('says seconds up to a minute and a half, with the singular for one', () => {
    expect(describeWait(german, 1)).toBe('Erneut senden ist in 1 Sekunde wieder möglich.');
    expect(describeWait(german, 45)).toBe('Erneut senden ist in 45 Sekunden wieder möglich.');
    expect(describeWait(german, 90)).toBe('Erneut senden ist in 90 Sekunden wieder möglich.');
    expect(describeWait(english, 45)).toBe('You can send it again in 45 seconds.');
  });

  it('rounds longer waits up to whole minutes', () => {
    expect(describeWait(german, 91)).toBe('Erneut senden ist in 2 Minuten wieder möglich.');
    expect(describeWait(german, 150)).toBe('Erneut senden ist in 3 Minuten wieder möglich.');
    expect(describeWait(english, 180)).toBe('You can send it again in 3 minutes.');
  });
});

describe('groupInFours', () => {
  it('splits a key into groups of four, the last one shorter', () => {
    expect(groupInFours('JBSWY3DPEHPK3PXPAB')).toBe('JBSW Y3DP EHPK 3PXP AB');
    expect(groupInFours('')).toBe('');
  });
});
