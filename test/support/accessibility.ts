import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** The minified build: under half the size to send and parse for every page checked. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

declare global {
  interface Window {
    /** axe-core, once its source has been evaluated in the page. */
    axe: {
      run(
        context: Document,
        options: object,
      ): Promise<{
        violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
      }>;
    };
  }
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) in the page as it is now. The page's CSP forbids
 * injected scripts; evaluation through the browser's debugging protocol is not subject to it.
 */
export async function findAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = window.axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
}

/** The page structures already checked by this test process. */
const checkedStructures = new Set<string>();

/**
 * Checks the page unless one of the same structure was checked before: the same elements with
 * the same attributes, styles and ARIA, and text in the same places. What differs between such
 * pages (a name, a date, a token in a link) is not what the WCAG rules look at, and axe is by far
 * the most expensive part of a browser test. A structure checked already has nothing new to report.
 */
export async function findNewAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  const structure = await page.evaluate(() => {
    const volatile = new Set(['href', 'action', 'value', 'nonce', 'content', 'src', 'datetime']);
    return [...document.querySelectorAll('*')]
      .map((element) => {
        const attributes = [...element.attributes].map((attribute) =>
          volatile.has(attribute.name) ? attribute.name : `${attribute.name}=${attribute.value}`,
        );
        const hasText = [...element.childNodes].some(
          (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
        );
        const styleText = element.tagName === 'STYLE' ? element.textContent : '';
        return `${element.tagName}[${attributes.join(' ')}]${hasText ? 'T' : ''}${styleText}`;
      })
      .join('\n');
  });
  if (checkedStructures.has(structure)) {
    return [];
  }
  checkedStructures.add(structure);
  return findAccessibilityViolations(page);
}
