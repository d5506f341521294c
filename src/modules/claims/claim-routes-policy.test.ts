import { describe, expect, it } from 'vitest';
import { claimRouteOfSparte } from './claim-routes-policy.js';
import { mappingShown, parseRouteMapping, routeOfSparteIn } from './claim-route-settings.js';

describe('claimRouteOfSparte', () => {
  it.each([
    ['040', 'HPV'],
    ['250', 'HPV'],
    ['050', 'KFZ'],
    ['051', 'KFZ'],
    ['053', 'KFZ'],
    ['056', 'KFZ'],
    ['059', 'KFZ'],
    ['080', 'SACH'],
    ['090', 'SACH'],
    ['100', 'SACH'],
    ['110', 'SACH'],
    ['120', 'SACH'],
    ['130', 'SACH'],
    ['140', 'SACH'],
    ['180', 'SACH'],
    ['170', 'TECH'],
    ['172', 'TECH'],
    ['232', 'TECH'],
    ['190', 'TRANS'],
    ['060', 'TRANS'],
    ['010', 'DEFAULT'],
    ['020', 'DEFAULT'],
    ['030', 'DEFAULT'],
    ['070', 'DEFAULT'],
    ['060x', 'DEFAULT'],
    ['999', 'DEFAULT'],
    ['', 'DEFAULT'],
    [null, 'DEFAULT'],
  ] as const)('Sparte %s → %s', (sparte, route) => {
    expect(claimRouteOfSparte(sparte)).toBe(route);
  });
});

describe('a tenant’s own mapping of Sparten to routes', () => {
  const shownByCode = (form: Record<string, string>) => mappingShown(parseRouteMapping(form));
  const today = mappingShown(new Map());

  it('stores nothing when the form says what the code says', () => {
    const form = Object.fromEntries(Object.entries(today).map(([route, codes]) => [route, codes.join(', ')]));
    expect(parseRouteMapping(form).size).toBe(0);
    expect(today.DEFAULT).toEqual([]);
  });

  it('moves a Sparte to another route, and one named nowhere to DEFAULT', () => {
    const form = { ...Object.fromEntries(Object.entries(today).map(([r, c]) => [r, c.join(' ')])) };
    form['SACH'] = today.SACH.filter((code) => code !== '130' && code !== '140').join(',');
    form['TECH'] = `${form['TECH'] ?? ''}, 130`;
    const overrides = parseRouteMapping(form);
    expect([...overrides]).toEqual([
      ['130', 'TECH'],
      ['140', 'DEFAULT'],
    ]);
    expect(routeOfSparteIn(overrides, '130')).toBe('TECH');
    expect(routeOfSparteIn(overrides, '051')).toBe('KFZ');
    expect(shownByCode(form).DEFAULT).toEqual(['140']);
  });

  it.each([
    [{ XYZ: '040' }, 'CLAIM_ROUTE_UNKNOWN', 'XYZ'],
    [{ HPV: '040, 4O' }, 'CLAIM_ROUTE_SPARTE_INVALID', 'HPV'],
    [{ HPV: '0400' }, 'CLAIM_ROUTE_SPARTE_INVALID', 'HPV'],
    [{ HPV: '040', SACH: '130 040' }, 'CLAIM_ROUTE_SPARTE_TWICE', 'SACH'],
  ])('refuses %j with %s at its field', (form, code, field) => {
    expect(() => parseRouteMapping(form)).toThrow(expect.objectContaining({ code, field }));
  });
});
