import { describe, expect, it } from 'vitest';
import { claimRouteOfSparte } from './claim-routes-policy.js';

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
