import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { createFileStore } from './create-file-store.js';

describe('createFileStore', () => {
  it('opens the folder DATA_DIR/files without STORAGE_URL, and the bucket it names with it', async () => {
    expect((await createFileStore(loadConfig({ DATA_DIR: '/srv/portico' }))).description).toBe(
      'folder /srv/portico/files',
    );
    const s3 = loadConfig({ STORAGE_URL: 's3://portico-documents?endpoint=http://127.0.0.1:9000&region=eu-central-1' });
    expect((await createFileStore(s3)).description).toBe('s3 bucket portico-documents');
  });
});
