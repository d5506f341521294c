/**
 * The document profiles a grant may name. A tenant's own keyword sets are not kept in Portico yet, so
 * these are the fixed choices; a value stored before (by the API or an older form) stays valid and is
 * shown as it is.
 */
export const DOCUMENT_PROFILES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'Standard', label: 'Standard – alle als sichtbar markierten Schlagwörter' },
  { value: 'Alle Dokumente', label: 'Alle Dokumente' },
  { value: 'Nur Policen', label: 'Nur Policen und Nachträge' },
  { value: 'Vertrag und Schaden', label: 'Vertrags- und Schadenunterlagen' },
  { value: 'Keine Dokumente', label: 'Keine Dokumente' },
];

export function isKnownDocumentProfile(value: string): boolean {
  return DOCUMENT_PROFILES.some((profile) => profile.value === value);
}
