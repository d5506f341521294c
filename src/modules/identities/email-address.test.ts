import { describe, expect, it } from 'vitest';
import { parseEmailAddress } from './email-address.js';

describe('parseEmailAddress', () => {
  it('keeps the address as typed for display and a lower-case canonical form as the key', () => {
    expect(parseEmailAddress('  Max.Mustermann@Example.COM ')).toEqual({
      canonical: 'max.mustermann@example.com',
      display: 'Max.Mustermann@Example.COM',
    });
  });

  it('trims surrounding white space, as pasted addresses often carry it', () => {
    expect(parseEmailAddress('a@example.com\n')?.display).toBe('a@example.com');
  });

  it('turns an international domain into punycode', () => {
    expect(parseEmailAddress('kunde@müller-versicherung.de')?.canonical).toBe('kunde@xn--mller-versicherung-m6b.de');
  });

  it.each([
    '',
    'no-at-sign',
    'a@b',
    '@example.com',
    'a@@example.com',
    'a b@example.com',
    'a\r\nBcc: x@example.com',
    'a\u0000@example.com',
    '.a@example.com',
    'a..b@example.com',
    'a@-example.com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(250)}.com`,
    42,
    null,
    undefined,
    ['a@example.com'],
  ])('refuses %j', (input) => {
    expect(parseEmailAddress(input)).toBeNull();
  });
});
