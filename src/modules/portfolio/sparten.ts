/**
 * The GDV's lines of business (Sparten): the three-digit codes of the VU-Vermittler standard's
 * Sparte table, with their German names. A code the table does not know is kept as it came and
 * shown as "Sparte 123": insurers and CRMs use codes beyond the published list.
 */
export const SPARTEN: Readonly<Record<string, string>> = Object.freeze({
  '010': 'Leben',
  '020': 'Kranken',
  '030': 'Unfall',
  '040': 'Haftpflicht',
  '050': 'Kraftfahrt',
  '051': 'Kfz-Haftpflicht',
  '052': 'Kfz-Vollkasko',
  '053': 'Kfz-Teilkasko',
  '054': 'Kfz-Unfall',
  '055': 'Kfz-Baustein',
  '056': 'Kfz-Gepäck',
  '060': 'Luftfahrt',
  '070': 'Rechtsschutz',
  '077': 'Automobil-Club',
  '080': 'Feuer',
  '081': 'Feuer-Industrie',
  '082': 'Landwirtschaftliche Feuer',
  '083': 'Sonstige Feuer',
  '090': 'Einbruchdiebstahl und Raub',
  '100': 'Leitungswasser',
  '110': 'Glas',
  '120': 'Sturm',
  '130': 'Verbundene Hausrat',
  '140': 'Verbundene Wohngebäude',
  '150': 'Hagel',
  '160': 'Tier',
  '170': 'Technische Versicherung',
  '171': 'Maschinen',
  '172': 'Elektronik',
  '174': 'Montage',
  '175': 'Haushaltsgeräte',
  '176': 'Bauleistung',
  '179': 'Andere technische Versicherung',
  '180': 'Einheitsversicherung',
  '190': 'Transport',
  '200': 'Kredit und Kaution',
  '210': 'Zusätzliche Gefahren',
  '230': 'Betriebsunterbrechung',
  '231': 'Feuer-Betriebsunterbrechung',
  '232': 'Technische Betriebsunterbrechung',
  '240': 'Beistandsleistung',
  '250': 'Luft- und Raumfahrzeug-Haftpflicht',
  '290': 'Sonstige Schadenversicherung',
  '300': 'Schaden- und Unfallversicherung',
  '510': 'Verkehrsservice',
  '900': 'Bausparen',
});

const SPARTE_CODE = /^[0-9]{3}$/;

export function isSparteCode(value: string): boolean {
  return SPARTE_CODE.test(value);
}

/** The German name of a Sparte; codes outside the table read "Sparte 123". */
export function sparteName(code: string): string {
  return SPARTEN[code] ?? `Sparte ${code}`;
}

/** Words staff write for a group of Sparten in a grant's list ("Kfz, Hausrat"). */
const SPARTE_WORDS: Readonly<Record<string, readonly string[]>> = {
  kfz: ['050', '051', '052', '053', '054', '055', '056'],
  kraftfahrt: ['050', '051', '052', '053', '054', '055', '056'],
  auto: ['050', '051', '052', '053', '054', '055', '056'],
  hausrat: ['130'],
  wohngebäude: ['140'],
  gebäude: ['140'],
  privathaftpflicht: ['040'],
  betriebshaftpflicht: ['040'],
  lebensversicherung: ['010'],
  krankenversicherung: ['020'],
  unfallversicherung: ['030'],
  rechtsschutzversicherung: ['070'],
};

/**
 * Whether an entry of a grant's Sparten list covers a contract's Sparte: the code itself ("130"),
 * a word of its name ("Hausrat", "Rechtsschutz") or a common group word ("Kfz"). Case does not matter.
 */
export function isSparteCoveredBy(entry: string, code: string): boolean {
  const word = entry.normalize('NFC').trim().toLowerCase();
  if (word === '') {
    return false;
  }
  if (isSparteCode(word)) {
    return word === code;
  }
  if (SPARTE_WORDS[word]?.includes(code) === true) {
    return true;
  }
  const name = SPARTEN[code]?.toLowerCase();
  return name !== undefined && (name === word || name.split(/\s+/).includes(word));
}

/** The Sparten grouped for choosing them in a form, every code of the table in exactly one group. */
export const SPARTE_GROUPS: ReadonlyArray<{ name: string; codes: readonly string[] }> = [
  { name: 'Personen', codes: ['010', '020', '030', '900'] },
  { name: 'Haftpflicht und Rechtsschutz', codes: ['040', '070', '250'] },
  { name: 'Kraftfahrt', codes: ['050', '051', '052', '053', '054', '055', '056', '077', '510'] },
  {
    name: 'Sach',
    codes: ['080', '081', '082', '083', '090', '100', '110', '120', '130', '140', '150', '160', '180'],
  },
  {
    name: 'Technik, Transport und Gewerbe',
    codes: ['060', '170', '171', '172', '174', '175', '176', '179', '190', '200', '210', '230', '231', '232'],
  },
  { name: 'Sonstige', codes: ['240', '290', '300'] },
];

/**
 * The codes a grant's Sparten list covers, by the rule of `isSparteCoveredBy`: a code entry covers that code
 * (known to the table or not), a word covers only codes of the table. Null when the list is empty: all Sparten.
 */
export function sparteCodesCoveredBy(entries: readonly string[]): string[] | null {
  if (entries.length === 0) {
    return null;
  }
  const known = new Set([...Object.keys(SPARTEN), ...Object.values(SPARTE_WORDS).flat()]);
  const covered = new Set<string>();
  for (const entry of entries) {
    const word = entry.normalize('NFC').trim().toLowerCase();
    if (isSparteCode(word)) {
      covered.add(word);
    } else {
      known.forEach((code) => {
        if (isSparteCoveredBy(entry, code)) {
          covered.add(code);
        }
      });
    }
  }
  return [...covered].sort();
}

/**
 * Every word that is no code with each code it covers (`isSparteCoveredBy`): the group words, the Sparten's names and
 * each word of a name. A statement that decides a grant's Sparten in the database takes this as a constant table; a
 * code entry covers exactly itself and is not listed.
 */
export function sparteWordsCovering(): { word: string; code: string }[] {
  const codes = [...new Set([...Object.keys(SPARTEN), ...Object.values(SPARTE_WORDS).flat()])].sort();
  const words = new Set(Object.keys(SPARTE_WORDS));
  for (const name of Object.values(SPARTEN)) {
    const lower = name.normalize('NFC').toLowerCase();
    words.add(lower);
    lower.split(/\s+/).forEach((word) => words.add(word));
  }
  return [...words]
    .filter((word) => word !== '' && !isSparteCode(word))
    .sort()
    .flatMap((word) => codes.filter((code) => isSparteCoveredBy(word, code)).map((code) => ({ word, code })));
}
