import { randomUUID } from 'node:crypto';

const MB = 1024 * 1024;

/** A file of the form: its first bytes (a PDF's, say), then `megabytes` of filler. */
export interface FormFile {
  name: string;
  head: Buffer;
  megabytes?: number;
}

/**
 * A multipart form as a browser sends it (the CSRF field first, the text fields, then the files under `fileField`),
 * streamed without a length, so that only the handler's own reading can refuse it; `progress.sent` counts the bytes
 * the server has pulled, `progress.total` what the whole form would have been.
 */
export function streamedForm(
  csrfToken: string,
  fields: Record<string, string>,
  files: FormFile[],
  fileField: string,
): { body: ReadableStream<Uint8Array>; contentType: string; progress: { sent: number; total: number } } {
  const boundary = `----grenze${randomUUID()}`;
  const filler = Buffer.alloc(MB, 0x20);
  function* chunks(): Generator<Buffer> {
    for (const [name, value] of Object.entries({ _csrf: csrfToken, ...fields })) {
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    }
    for (const file of files) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${file.name}"\r\n` +
          'Content-Type: application/pdf\r\n\r\n',
      );
      yield file.head;
      for (let index = 0; index < (file.megabytes ?? 0); index += 1) yield filler;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  let total = 0;
  for (const chunk of chunks()) total += chunk.length;
  const progress = { sent: 0, total };
  const source = chunks();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = source.next();
      if (next.done === true) {
        controller.close();
        return;
      }
      progress.sent += next.value.length;
      controller.enqueue(next.value);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, progress };
}
