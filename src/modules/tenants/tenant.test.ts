import { describe, expect, it } from 'vitest';
import { isValidSlug, normalizeHost } from './tenant.js';

describe('tenant hosts and slugs', () => {
  it('normalises a host like the Host header, dropping the default port', () => {
    expect(normalizeHost('MusterMakler.Localhost:3000', '80')).toBe('mustermakler.localhost:3000');
    expect(normalizeHost('portal.example.com:443', '443')).toBe('portal.example.com');
    expect(normalizeHost('portal.example.com:80', '443')).toBe('portal.example.com:80');
  });

  it.each(['', 'http://x.com', 'x.com/path', 'x.com:99999', '-x.com', 'x_y.com', 'x.com:', 'a b.com', 'x.com:80:80'])(
    'refuses %j as a host',
    (value) => {
      expect(normalizeHost(value, '80')).toBeNull();
    },
  );

  it('accepts short lower-case slugs only', () => {
    expect(isValidSlug('mustermakler')).toBe(true);
    expect(isValidSlug('muster-makler-2')).toBe(true);
    for (const slug of ['', 'Muster', '-muster', 'muster-', 'mu ster', 'a'.repeat(41)]) {
      expect(isValidSlug(slug)).toBe(false);
    }
  });
});
