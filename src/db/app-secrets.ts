import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { appSecrets } from './schema.js';
import { required } from '../shared/required.js';

/** One value per name for every process on this database, created by whichever process asks first. */
export async function loadOrCreateSecret(db: Database, name: string): Promise<string> {
  await db
    .insert(appSecrets)
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, name));
  return required(row).value;
}

/** The value, locked until the transaction ends, so only one process acts on it; null when there is none. */
export async function lockSecret(tx: Database, name: string): Promise<string | null> {
  const [row] = await tx
    .select({ value: appSecrets.value })
    .from(appSecrets)
    .where(eq(appSecrets.name, name))
    .for('update');
  return row?.value ?? null;
}

export async function deleteSecret(tx: Database, name: string): Promise<void> {
  await tx.delete(appSecrets).where(eq(appSecrets.name, name));
}
