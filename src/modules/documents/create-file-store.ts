import type { Config } from '../../config/config.js';
import type { FileStore } from './file-store.js';
import { createFolderFileStore } from './folder-file-store.js';

/**
 * The store STORAGE_URL names: an S3 bucket, or else the folder `DATA_DIR/files`. The AWS SDK is loaded only for a
 * bucket: a process on the folder (every command of the CLI, the embedded default) would otherwise pay for it.
 */
export async function createFileStore(config: Pick<Config, 'storage'>): Promise<FileStore> {
  const { storage } = config;
  if (storage.kind === 's3') {
    const { createS3FileStore } = await import('./s3-file-store.js');
    return createS3FileStore({ bucket: storage.bucket, endpoint: storage.endpoint, region: storage.region });
  }
  return createFolderFileStore(storage.path);
}
