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

/**
 * Which keywords a profile admits: every document, none, the keywords the broker marks as visible ("Standard"),
 * or a fixed list.
 */
export type KeywordRule =
  { kind: 'all' } | { kind: 'none' } | { kind: 'tenant_visible' } | { kind: 'only'; keywords: readonly string[] };

/** Nur Policen: the policy and its amendments. */
export const POLICY_KEYWORDS: readonly string[] = ['Police', 'Nachtrag'];

/** Vertrag und Schaden: what documents a contract and its claims; no reminders, advice or correspondence at large. */
export const CONTRACT_AND_CLAIM_KEYWORDS: readonly string[] = [
  'Antrag',
  'Police',
  'Nachtrag',
  'Beitragsrechnung',
  'Kündigung',
  'Schadenmeldung',
  'Schadenkorrespondenz',
  'Schadenabrechnung',
];

/**
 * The keyword rule of a grant's document profile. No profile, and a value stored before that is not one of the fixed
 * choices, mean "Standard": the broker's own list of visible keywords decides.
 */
export function keywordRuleOf(profile: string | null): KeywordRule {
  switch (profile) {
    case 'Alle Dokumente':
      return { kind: 'all' };
    case 'Keine Dokumente':
      return { kind: 'none' };
    case 'Nur Policen':
      return { kind: 'only', keywords: POLICY_KEYWORDS };
    case 'Vertrag und Schaden':
      return { kind: 'only', keywords: CONTRACT_AND_CLAIM_KEYWORDS };
    default:
      return { kind: 'tenant_visible' };
  }
}

/**
 * Whether a document with these keywords passes the rule. A keyword list admits a document when it has at least one
 * keyword and every one of them is on the list: a document also tagged with a keyword the list leaves out stays hidden,
 * and one without any keyword is shown only under "Alle Dokumente".
 */
export function isAdmittedBy(
  rule: KeywordRule,
  keywords: readonly string[],
  tenantVisibleKeywords: ReadonlySet<string>,
): boolean {
  switch (rule.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'tenant_visible':
      return keywords.length > 0 && keywords.every((keyword) => tenantVisibleKeywords.has(keyword));
    case 'only':
      return keywords.length > 0 && keywords.every((keyword) => rule.keywords.includes(keyword));
  }
}
