import { SPARTEN } from '../../modules/portfolio/sparten.js';
import type { Message, Translator } from '../../shared/i18n/translator.js';

/**
 * A Sparte's name in the page's language: the GDV table's German name through the catalogue, which has each of them;
 * a code outside the table reads "Sparte 123" ("Line of business 123").
 */
export function sparteNameIn(t: Translator, code: string): string {
  const name = SPARTEN[code];
  return name === undefined ? t('Sparte {code}', { code }) : t(name as Message);
}
