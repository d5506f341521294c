import { PassThrough, type Readable } from 'node:stream';
import { ZipFile } from 'yazl';

/** One file of a claim's ZIP: its name inside the ZIP and how to open its bytes when the ZIP reaches it. */
export interface ClaimZipEntry {
  name: string;
  open: () => Promise<Readable>;
  /** False stores the bytes as they are: for files compressed already (PDFs, photos) deflate only costs CPU. */
  isCompressed?: boolean;
}

/**
 * The entries as one streamed ZIP. Each entry is opened only when the ZIP reaches it, so at most one file of the
 * store is open at a time and nothing is held whole; a file that fails to open ends the ZIP's stream with the error
 * (the download is cut off, never completed with a file missing).
 */
export function zipOf(entries: readonly ClaimZipEntry[], modifiedAt: Date): Readable {
  const zip = new ZipFile();
  const output = new PassThrough();
  zip.on('error', (error: Error) => output.destroy(error));
  for (const entry of entries) {
    zip.addReadStreamLazy(entry.name, { mtime: modifiedAt, compress: entry.isCompressed ?? true }, (callback) => {
      entry.open().then(
        (stream) => {
          stream.once('error', (error) => output.destroy(error));
          callback(null, stream);
        },
        (error: unknown) => {
          output.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
  zip.end();
  zip.outputStream.pipe(output);
  return output;
}
