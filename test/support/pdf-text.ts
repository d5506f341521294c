import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const pdfjsFolder = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

export interface PdfContent {
  /** The text of each page, a line per line of the page. */
  pages: string[];
  /** How many images each page paints. */
  imagesPerPage: number[];
}

/** What a reader of the PDF sees: its pages' text and how many images each page paints. */
export async function readPdf(bytes: Uint8Array): Promise<PdfContent> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl: `${join(pdfjsFolder, 'standard_fonts')}/`,
    isEvalSupported: false,
  }).promise;
  const pages: string[] = [];
  const imagesPerPage: number[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : ''))
        .join('')
        .trim(),
    );
    const operators = await page.getOperatorList();
    imagesPerPage.push(operators.fnArray.filter((operator) => operator === pdfjs.OPS.paintImageXObject).length);
  }
  await document.destroy();
  return { pages, imagesPerPage };
}
