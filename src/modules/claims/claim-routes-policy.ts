import type { ClaimRoute } from './claim.js';

/** GDV Sparten of property insurance: fire, burglary, water, glass, storm, household, buildings, hail, bundled. */
const PROPERTY = new Set([
  '080',
  '081',
  '082',
  '083',
  '090',
  '100',
  '110',
  '120',
  '130',
  '140',
  '150',
  '180',
  '230',
  '231',
]);
/** Technical insurance (machines, electronics, erection, appliances, construction) and its business interruption. */
const TECHNICAL = new Set(['170', '171', '172', '174', '175', '176', '179', '232']);
/** Transport, and aviation hull, whose losses are asked about alike. */
const TRANSPORT = new Set(['190', '060']);
/** General liability and aircraft liability. */
const LIABILITY = new Set(['040', '250']);

/**
 * The claim route of a contract's Sparte (a three-digit GDV code): Haftpflicht → HPV, Kraftfahrt 050–059 → KFZ,
 * property lines → SACH, technical lines → TECH, transport → TRANS, anything else (and no contract) → DEFAULT.
 */
export function claimRouteOfSparte(sparte: string | null): ClaimRoute {
  if (sparte === null || !/^[0-9]{3}$/.test(sparte)) {
    return 'DEFAULT';
  }
  if (LIABILITY.has(sparte)) return 'HPV';
  if (sparte >= '050' && sparte <= '059') return 'KFZ';
  if (PROPERTY.has(sparte)) return 'SACH';
  if (TECHNICAL.has(sparte)) return 'TECH';
  if (TRANSPORT.has(sparte)) return 'TRANS';
  return 'DEFAULT';
}
