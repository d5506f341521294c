// The API publishes the metadata schema in its OpenAPI document: zod must be the extended one.
import { z } from '@hono/zod-openapi';

export type DocumentDirection = 'from_broker' | 'from_customer';

/** The largest document a person or the CRM may upload (one file). */
export const MAX_DOCUMENT_BYTES = 35 * 1024 * 1024;

/** A document as pages and the API show it. */
export interface DocumentView {
  id: string;
  customerId: string;
  contractId: string | null;
  title: string;
  keywords: string[];
  documentDate: string | null;
  direction: DocumentDirection;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

/** A document in a person's list: `isNew` until they open it. */
export interface PersonDocumentView extends DocumentView {
  isNew: boolean;
}

const keyword = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[^\p{Cc},]+$/u);

/** What the CRM sends with a file. */
export const DocumentMetadataInput = z
  .object({
    customerNumber: z.string().trim().min(1).max(40),
    contract: z
      .object({
        insurerNumber: z.string().trim().min(1).max(10),
        sparte: z.string().trim().min(1).max(3),
        policyNumber: z.string().trim().min(1).max(40),
      })
      .strict()
      .nullish()
      .openapi({ description: "The contract's GDV key, when the document belongs to a contract" }),
    title: z.string().trim().min(1).max(300),
    keywords: z.array(keyword).max(20).default([]),
    documentDate: z.iso.date().nullish(),
    direction: z.enum(['from_broker', 'from_customer']).default('from_broker'),
  })
  .strict()
  .openapi('DocumentMetadata');

export type DocumentMetadata = z.infer<typeof DocumentMetadataInput>;

/** Content types a file is stored with when the sender names one of them; anything else is stored as bytes. */
const KNOWN_CONTENT_TYPES = new Set([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
  'image/tiff',
  'text/plain',
]);

/** The content type to store: the declared one when it is a known type, otherwise plain bytes. */
export function storedContentTypeOf(declared: string | undefined): string {
  const type = (declared ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return KNOWN_CONTENT_TYPES.has(type) ? type : 'application/octet-stream';
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/heic': '.heic',
  'image/heif': '.heif',
  'image/tiff': '.tif',
  'text/plain': '.txt',
};

/** The name a download is saved under: the title with the type's extension, without path or control characters. */
export function downloadNameOf(document: { title: string; contentType: string }): string {
  const base =
    document.title
      .normalize('NFC')
      .replace(/[\p{Cc}\\/:*?"<>|]+/gu, ' ')
      .replace(/^[.\s]+|[.\s]+$/g, '')
      .slice(0, 120)
      .trim() || 'Dokument';
  return base + (EXTENSIONS[document.contentType] ?? '');
}

/** `attachment` with an ASCII fallback name and the full name as RFC 6266 / RFC 5987 `filename*`. */
export function attachmentDisposition(name: string): string {
  const fallback =
    name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\%;]/g, '_') || 'Dokument';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
