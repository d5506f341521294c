import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, createTestTenant, type TestPortal } from '../../test/support/test-portal.js';
import { afterCommit } from './after-commit.js';
import { outbox } from './schema.js';

const MAIL = {
  tenantId: null,
  kind: 'password_changed' as const,
  fromName: 'Portico',
  to: 'person@example.com',
  subject: 'Betreff',
  text: 'Text',
  html: '<p>Text</p>',
};

class RolledBack extends Error {}

describe('work after a commit', () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await createTestPortal();
  });
  afterAll(() => portal.close());

  const db = () => portal.runtime.database.db;

  it('runs once the transaction has committed, not before', async () => {
    const done: string[] = [];
    await db().transaction(async (tx) => {
      afterCommit(tx, () => done.push('woken'));
      await tx.execute(sql`select 1`);
      expect(done).toEqual([]);
    });
    expect(done).toEqual(['woken']);
  });

  it('drops the work of a transaction that rolls back', async () => {
    const done: string[] = [];
    await expect(
      db().transaction((tx) => {
        afterCommit(tx, () => done.push('woken'));
        return Promise.reject(new RolledBack());
      }),
    ).rejects.toBeInstanceOf(RolledBack);
    expect(done).toEqual([]);
  });

  it("keeps a savepoint's work for its parent's commit, and drops it when only the savepoint rolls back", async () => {
    const done: string[] = [];
    await db().transaction(async (tx) => {
      await tx.transaction((inner) => {
        afterCommit(inner, () => done.push('released savepoint'));
        return Promise.resolve();
      });
      await tx
        .transaction((inner) => {
          afterCommit(inner, () => done.push('rolled-back savepoint'));
          return Promise.reject(new RolledBack());
        })
        .catch((error: unknown) => expect(error).toBeInstanceOf(RolledBack));
      expect(done).toEqual([]);
    });
    expect(done).toEqual(['released savepoint']);
  });

  it('runs at once outside a transaction, where the statement has committed already', () => {
    const done: string[] = [];
    afterCommit(db(), () => done.push('woken'));
    expect(done).toEqual(['woken']);
  });

  it('wakes the mail worker for mail committed, and not for mail rolled back', async () => {
    let wakes = 0;
    const stop = portal.services.outbox.onCommitted(() => (wakes += 1));
    try {
      const before = await db().$count(outbox);
      await expect(
        db().transaction(async (tx) => {
          await portal.services.outbox.enqueueMail(tx, MAIL);
          throw new RolledBack();
        }),
      ).rejects.toBeInstanceOf(RolledBack);
      expect(wakes).toBe(0);
      expect(await db().$count(outbox)).toBe(before);

      await db().transaction((tx) => portal.services.outbox.enqueueMail(tx, MAIL));
      expect(wakes).toBe(1);
      expect(await db().$count(outbox)).toBe(before + 1);
    } finally {
      stop();
    }
  });

  it('wakes the webhook worker for committed deliveries only', async () => {
    const tenant = await createTestTenant(portal, 'hooks', 'Hooks Makler GmbH');
    await portal.services.webhooks.createWebhook(tenant.id, {
      url: 'https://hooks.example.com/portico',
      events: ['grant.changed'],
    });
    let wakes = 0;
    const stop = portal.services.webhooks.onCommitted(() => (wakes += 1));
    const event = { grantId: 'g', change: 'updated' };
    try {
      await expect(
        db().transaction(async (tx) => {
          expect(await portal.services.webhooks.emit(tx, tenant.id, 'grant.changed', event)).toBe(1);
          throw new RolledBack();
        }),
      ).rejects.toBeInstanceOf(RolledBack);
      expect(wakes).toBe(0);
      await db().transaction((tx) => portal.services.webhooks.emit(tx, tenant.id, 'grant.changed', event));
      expect(wakes).toBe(1);
    } finally {
      stop();
    }
  });
});
