import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/kept-plans.js';
import { auditEvents, grants, identities } from '../../db/schema.js';
import { insertByColumns } from '../../db/bulk-insert.js';
import { sqlTemplate } from '../../db/sql-template.js';
import { shownEmailOf } from '../read-models/person-shown.js';
import { required } from '../../shared/required.js';

const actors = alias(identities, 'actors');

export interface AuditRow {
  kind: string;
  tenantId: string | null;
  identityId: string | null;
  actorIdentityId: string | null;
  detail: string | null;
  /** Null: the address the tenant sees now is looked up in the same statement. */
  email: string | null;
  /** The Freischaltung concerned; its name null: looked up in the same statement. */
  grantId: string | null;
  grantName: string | null;
  origin: string;
  userAgent: string | null;
  createdAt: Date;
}

/** The grant's name at the time of the event, looked up in the same statement when the caller did not give it. */
function grantNameOf(values: { tenantId?: string | null; grantId?: string | null; grantName?: string | null }) {
  if (values.grantName != null || values.grantId == null || values.tenantId == null) {
    return values.grantName ?? null;
  }
  return sql`(select g.name from grants g where g.tenant_id = ${values.tenantId} and g.id = ${values.grantId})`;
}

export interface AuditFilter {
  /** Canonical address of the person concerned or of the one who acted. */
  email?: string;
  kind?: string;
  /** Events at or after this instant. */
  from?: Date;
  /** Events before this instant. */
  until?: Date;
  /** Keyset cursor: events strictly older than this one. */
  before?: { createdAt: Date; id: string };
}

type InsertSlot =
  | 'kind'
  | 'tenantId'
  | 'identityId'
  | 'actorIdentityId'
  | 'detail'
  | 'email'
  | 'grantId'
  | 'grantName'
  | 'origin'
  | 'userAgent'
  | 'createdAt'
  | `together_${number}`;

/** The event's INSERT for each number of statements written together with it, rendered once (sql-template.ts). */
const insertTemplates = new Map<number, (values: Record<InsertSlot, unknown>) => SQL>();

function insertTemplateOf(together: number) {
  let template = insertTemplates.get(together);
  if (template === undefined) {
    template = sqlTemplate<InsertSlot>((slot) => {
      const withClause =
        together === 0
          ? sql``
          : sql`with ${sql.join(
              Array.from(
                { length: together },
                (_, index) => sql`${sql.raw(`together_${index}`)} as (${slot(`together_${index}`)})`,
              ),
              sql`, `,
            )} `;
      return sql`${KEEP_PLAN}${withClause}insert into ${auditEvents}
        (kind, tenant_id, identity_id, actor_identity_id, detail, email, grant_id, grant_name, origin, user_agent,
          created_at)
        values (${slot('kind')}, ${slot('tenantId')}::uuid, ${slot('identityId')}::uuid,
          ${slot('actorIdentityId')}::uuid, ${slot('detail')}, ${slot('email')}, ${slot('grantId')}::uuid,
          ${slot('grantName')}, ${slot('origin')}, ${slot('userAgent')}, ${slot('createdAt')}::timestamptz)`;
    });
    insertTemplates.set(together, template);
  }
  return template;
}

export function createAuditQueries(db: Database) {
  return {
    /**
     * One event. `together`, data-modifying statements of the caller (UPDATE, INSERT), run in the same statement
     * as common table expressions, so all are written together at the cost of one.
     */
    async insert(values: AuditRow, together: SQL[] = []): Promise<void> {
      await db.execute(
        insertTemplateOf(together.length)({
          ...values,
          email: values.email ?? shownEmailOf(values),
          grantName: grantNameOf(values),
          createdAt: values.createdAt.toISOString(),
          ...Object.fromEntries(together.map((statement, index) => [`together_${index}`, statement])),
        }),
      );
    },
    async insertMany(
      values: {
        kind: string;
        tenantId: string | null;
        identityId: string | null;
        email: string | null;
        actorIdentityId: string | null;
        detail: string | null;
        grantId: string | null;
        grantName: string | null;
        origin: string;
        userAgent: string | null;
        createdAt: Date;
      }[],
    ): Promise<void> {
      await insertByColumns(
        db,
        'audit_events',
        [
          { name: 'kind', type: 'text', value: (row) => row.kind },
          { name: 'tenant_id', type: 'uuid', value: (row) => row.tenantId },
          { name: 'identity_id', type: 'uuid', value: (row) => row.identityId },
          { name: 'email', type: 'text', value: (row) => row.email },
          { name: 'actor_identity_id', type: 'uuid', value: (row) => row.actorIdentityId },
          { name: 'detail', type: 'text', value: (row) => row.detail },
          { name: 'grant_id', type: 'uuid', value: (row) => row.grantId },
          { name: 'grant_name', type: 'text', value: (row) => row.grantName },
          { name: 'origin', type: 'text', value: (row) => row.origin },
          { name: 'user_agent', type: 'text', value: (row) => row.userAgent },
          { name: 'created_at', type: 'timestamptz', value: (row) => row.createdAt },
        ],
        values,
      );
    },
    /** Oldest first after the cursor (an event id), for the API's paging. */
    async listPage(tenantId: string, after: { createdAt: Date; id: string } | null, limit: number) {
      return db
        .select({
          id: auditEvents.id,
          kind: auditEvents.kind,
          identityId: auditEvents.identityId,
          origin: auditEvents.origin,
          createdAt: auditEvents.createdAt,
          email: sql<string | null>`coalesce(${auditEvents.email}, ${identities.emailDisplay})`,
          actorIdentityId: auditEvents.actorIdentityId,
          actorEmail: actors.emailDisplay,
        })
        .from(auditEvents)
        .leftJoin(identities, eq(identities.id, auditEvents.identityId))
        .leftJoin(actors, eq(actors.id, auditEvents.actorIdentityId))
        .where(
          and(
            eq(auditEvents.tenantId, tenantId),
            after === null
              ? undefined
              : sql`(${auditEvents.createdAt}, ${auditEvents.id}) > (${after.createdAt.toISOString()}::timestamptz,
                ${after.id}::uuid)`,
          ),
        )
        .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id))
        .limit(limit);
    },
    async findForTenant(tenantId: string, id: string) {
      const [row] = await db
        .select({ createdAt: auditEvents.createdAt, id: auditEvents.id })
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.id, id)));
      return row ?? null;
    },
    /** Newest first, with the addresses of the person concerned and of who acted; tenant null = platform events. */
    async listForTenant(tenantId: string | null, limit: number, filter: AuditFilter = {}) {
      const conditions: SQL[] = [tenantId === null ? isNull(auditEvents.tenantId) : eq(auditEvents.tenantId, tenantId)];
      if (filter.email !== undefined) {
        conditions.push(required(or(eq(identities.email, filter.email), eq(actors.email, filter.email))));
      }
      if (filter.kind !== undefined) {
        conditions.push(eq(auditEvents.kind, filter.kind));
      }
      if (filter.from !== undefined) {
        conditions.push(gte(auditEvents.createdAt, filter.from));
      }
      if (filter.until !== undefined) {
        conditions.push(lt(auditEvents.createdAt, filter.until));
      }
      if (filter.before !== undefined) {
        conditions.push(
          required(
            or(
              lt(auditEvents.createdAt, filter.before.createdAt),
              and(eq(auditEvents.createdAt, filter.before.createdAt), lt(auditEvents.id, filter.before.id)),
            ),
          ),
        );
      }
      return db
        .select({
          id: auditEvents.id,
          kind: auditEvents.kind,
          origin: auditEvents.origin,
          userAgent: auditEvents.userAgent,
          detail: auditEvents.detail,
          createdAt: auditEvents.createdAt,
          email: sql<string | null>`coalesce(${auditEvents.email}, ${identities.emailDisplay})`,
          actorEmail: actors.emailDisplay,
          // The grant's name as it is now; its name at the time once the grant is gone.
          grantName: sql<string | null>`coalesce(${grants.name}, ${auditEvents.grantName})`,
        })
        .from(auditEvents)
        .leftJoin(identities, eq(identities.id, auditEvents.identityId))
        .leftJoin(actors, eq(actors.id, auditEvents.actorIdentityId))
        .leftJoin(grants, and(eq(grants.id, auditEvents.grantId), eq(grants.tenantId, auditEvents.tenantId)))
        .where(and(...conditions))
        .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
        .limit(limit);
    },
    /** One person's events of these kinds at one broker, newest first (their own data export names them). */
    listOfPerson(tenantId: string, identityId: string, kinds: readonly string[], limit: number) {
      return db
        .select({
          kind: auditEvents.kind,
          origin: auditEvents.origin,
          userAgent: auditEvents.userAgent,
          createdAt: auditEvents.createdAt,
        })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.tenantId, tenantId),
            eq(auditEvents.identityId, identityId),
            inArray(auditEvents.kind, [...kinds]),
          ),
        )
        .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
        .limit(limit);
    },
  };
}
