import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { identities } from '../../db/schema.js';
import type { Identity } from './identity.js';
import { insertByColumns } from '../../db/bulk-insert.js';
import { required } from '../../shared/required.js';

type IdentityRow = typeof identities.$inferSelect;

function toIdentity(row: IdentityRow): Identity {
  return {
    id: row.id,
    email: row.email,
    emailDisplay: row.emailDisplay,
    name: row.name,
    language: row.language === 'en' ? 'en' : 'de',
    passwordHash: row.passwordHash,
    emailConfirmedAt: row.emailConfirmedAt,
  };
}

export function createIdentityQueries(db: Database) {
  return {
    async findByEmail(email: string): Promise<Identity | null> {
      const [row] = await db.select().from(identities).where(eq(identities.email, email));
      return row === undefined ? null : toIdentity(row);
    },
    async findById(identityId: string): Promise<Identity | null> {
      const [row] = await db.select().from(identities).where(eq(identities.id, identityId));
      return row === undefined ? null : toIdentity(row);
    },
    /** When the identity was first created (an invitation or a registration), for the person's own data export. */
    async createdAtOf(identityId: string): Promise<Date | null> {
      const [row] = await db
        .select({ createdAt: identities.createdAt })
        .from(identities)
        .where(eq(identities.id, identityId));
      return row?.createdAt ?? null;
    },
    /** The batch form of findById: those of the ids that exist, in no particular order. */
    async findByIds(identityIds: readonly string[]): Promise<Identity[]> {
      if (identityIds.length === 0) {
        return [];
      }
      const rows = await db
        .select()
        .from(identities)
        .where(inArray(identities.id, [...identityIds]));
      return rows.map(toIdentity);
    },
    /** Removes an identity nobody can use any more: no password and no membership with any tenant. */
    async deleteIfUnused(identityId: string): Promise<void> {
      await db.execute(sql`delete from ${identities} i where i.id = ${identityId} and i.password_hash is null
        and not exists (select 1 from memberships m where m.identity_id = i.id)`);
    },
    /** Locks the row for the rest of the transaction, so two writers of one identity queue up. */
    async findByIdForUpdate(identityId: string): Promise<Identity | null> {
      const [row] = await db.select().from(identities).where(eq(identities.id, identityId)).for('update');
      return row === undefined ? null : toIdentity(row);
    },
    /** Creates the identity, or returns the existing one when another writer won the race. */
    async insertOrFind(values: {
      email: string;
      emailDisplay: string;
      name: string;
      language: 'de' | 'en';
    }): Promise<Identity> {
      const [row] = await db
        .insert(identities)
        .values(values)
        .onConflictDoNothing({ target: identities.email })
        .returning();
      if (row !== undefined) {
        return toIdentity(row);
      }
      const existing = await this.findByEmail(values.email);
      return required(existing);
    },
    /**
     * Bulk invitations: creates the new ones and locks all of them, in address order so concurrent batches cannot
     * deadlock.
     */
    async insertOrFindManyForUpdate(
      values: { email: string; emailDisplay: string; name: string; language: 'de' | 'en' }[],
    ): Promise<Identity[]> {
      if (values.length === 0) {
        return [];
      }
      const sorted = [...values].sort((left, right) => (left.email < right.email ? -1 : 1));
      await insertByColumns(
        db,
        'identities',
        [
          { name: 'email', type: 'text', value: (row) => row.email },
          { name: 'email_display', type: 'text', value: (row) => row.emailDisplay },
          { name: 'name', type: 'text', value: (row) => row.name },
          { name: 'language', type: 'text', value: (row) => row.language },
        ],
        sorted,
        sql`on conflict (email) do nothing`,
      );
      const rows = await db
        .select()
        .from(identities)
        .where(
          inArray(
            identities.email,
            sorted.map((value) => value.email),
          ),
        )
        .orderBy(asc(identities.email))
        .for('update');
      return rows.map(toIdentity);
    },
    async updatePassword(identityId: string, passwordHash: string, at: Date): Promise<void> {
      await db.update(identities).set({ passwordHash, passwordSetAt: at }).where(eq(identities.id, identityId));
    },
    async updatePasswordHash(identityId: string, passwordHash: string): Promise<void> {
      await db.update(identities).set({ passwordHash }).where(eq(identities.id, identityId));
    },
    async markEmailConfirmed(identityId: string, at: Date): Promise<void> {
      await db.update(identities).set({ emailConfirmedAt: at }).where(eq(identities.id, identityId));
    },
    async updateEmail(identityId: string, email: string, emailDisplay: string): Promise<void> {
      await db
        .update(identities)
        .set({ email, emailDisplay, emailConfirmedAt: null })
        .where(eq(identities.id, identityId));
    },
  };
}
