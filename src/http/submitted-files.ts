import type { Readable } from 'node:stream';
import { MultipartError } from '../api/multipart-stream.js';
import { safeFileName } from '../modules/documents/file-name.js';
import type { SubmittedFile } from '../modules/documents/document-service.js';
import type { StreamedFile } from './streamed-form.js';

/**
 * The files of a page's submission as the document service takes them, read one after the other. Without a title each
 * is titled by its own safe name (the download adds the extension the bytes show); with one, the first file takes it
 * and the others take it numbered ("Police (2)"), since how many files follow is known only once they are read.
 */
export async function* submittedFilesOf(
  first: StreamedFile,
  nextFile: () => Promise<StreamedFile | null>,
  title: string | null = null,
): AsyncGenerator<SubmittedFile> {
  let index = 0;
  for (let file: StreamedFile | null = first; file !== null; file = await nextFile()) {
    index += 1;
    const ownName = safeFileName(file.name).replace(/\.[A-Za-z0-9]{1,10}$/, '') || 'Dokument';
    yield {
      title: title === null ? ownName : index === 1 ? title : `${title} (${String(index)})`,
      body: file.body,
    };
  }
}

/**
 * The files of a message's form as the conversation service takes them, read one after the other; null for a form
 * without a file part. A file field left empty sends one part without a name and without bytes: it is skipped. A
 * nameless part with bytes is no browser's doing and refused as a malformed form.
 */
export function messageFilesOf(
  first: StreamedFile | null,
  nextFile: () => Promise<StreamedFile | null>,
): AsyncIterable<{ name: string; body: () => Readable }> | null {
  if (first === null) return null;
  return (async function* files() {
    for (let file: StreamedFile | null = first; file !== null; file = await nextFile()) {
      if (file.name.trim() !== '') {
        yield { name: file.name, body: file.body };
        continue;
      }
      for await (const chunk of file.body()) {
        if ((chunk as Uint8Array).length > 0) throw new MultipartError('a file part without a name');
      }
    }
  })();
}
