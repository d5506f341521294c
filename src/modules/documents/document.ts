import { safeFileName } from './file-name.js';
// The API publishes the metadata schema in its OpenAPI document: zod must be the extended one.
import { z } from '@hono/zod-openapi';

export type DocumentDirection = 'from_broker' | 'from_customer';

/** The largest document a person or the CRM may upload (one file). */
export const MAX_DOCUMENT_BYTES = 35 * 1024 * 1024;

/** The portal's form: at most this many files in one submission, together at most MAX_SUBMISSION_BYTES. */
export const MAX_FILES_PER_SUBMISSION = 20;
export const MAX_SUBMISSION_BYTES = 35 * 1024 * 1024;

/** A document as pages and the API show it. */
export interface DocumentView {
  id: string;
  customerId: string;
  contractId: string | null;
  title: string;
  /** What the uploader wrote with it (the portal's form), or null. */
  comment: string | null;
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
const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/heic': '.heic',
  'image/heif': '.heif',
  'image/tiff': '.tif',
  'text/plain': '.txt',
};

/** The name a download is saved under: the title made safe (no path or control characters) with its extension. */
export function downloadNameOf(document: { title: string; contentType: string }): string {
  return safeFileName(`${document.title}${EXTENSIONS[document.contentType] ?? ''}`);
}
