import type { Config } from '../../config/config.js';
import type { FileStore } from './file-store.js';
import { createFolderFileStore } from './folder-file-store.js';
import { createS3FileStore } from './s3-file-store.js';

/** The store STORAGE_URL names: an S3 bucket, or else the folder `DATA_DIR/files`. */
export function createFileStore(config: Pick<Config, 'storage'>): FileStore {
  const { storage } = config;
  if (storage.kind === 's3') {
    return createS3FileStore({ bucket: storage.bucket, endpoint: storage.endpoint, region: storage.region });
  }
  return createFolderFileStore(storage.path);
}
