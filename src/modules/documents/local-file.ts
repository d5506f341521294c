import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { LocalFile, LocalFileReader } from './file-store.js';

/** How much the stream reads at once: as much as Node's own file streams. */
const READ_BYTES = 64 * 1024;

/**
 * An open file as the folder store answers it: a stream of its bytes and the same file for a reader of its own (the
 * fixed-buffer download), which share the one open file. Both read at positions of their own, never the file's
 * offset, so a stream that read ahead (as a subscribed stream does) takes nothing from the reader. The file is closed
 * exactly once, when the last of them is done: the stream when it ends or is destroyed, each reader when released.
 */
export function sharedLocalFile(handle: FileHandle): { body: Readable; local: LocalFile } {
  let users = 1;
  let closed: Promise<void> | null = null;
  const leave = (): Promise<void> => {
    users -= 1;
    if (users > 0) return Promise.resolve();
    closed ??= handle.close();
    return closed;
  };
  let position = 0;
  const body = new Readable({
    highWaterMark: READ_BYTES,
    read() {
      // A buffer per read, as a file stream has: the chunks pushed are handed on, not copied.
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      handle.read(buffer, 0, READ_BYTES, position).then(
        ({ bytesRead }) => {
          if (body.destroyed) return;
          if (bytesRead === 0) {
            body.push(null);
            return;
          }
          position += bytesRead;
          body.push(buffer.subarray(0, bytesRead));
        },
        (error: unknown) => body.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    },
    destroy(error, callback) {
      leave().then(
        () => callback(error),
        (failure: unknown) => callback(error ?? (failure instanceof Error ? failure : new Error(String(failure)))),
      );
    },
  });
  const local: LocalFile = {
    share(): LocalFileReader | null {
      if (closed !== null) return null;
      users += 1;
      let isReleased = false;
      return {
        async read(buffer, length, at) {
          return (await handle.read(buffer, 0, length, at)).bytesRead;
        },
        release() {
          if (isReleased) return Promise.resolve();
          isReleased = true;
          return leave();
        },
      };
    },
  };
  return { body, local };
}
