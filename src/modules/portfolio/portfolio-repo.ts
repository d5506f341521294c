import { and, asc, eq, getTableName, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { rowsOf } from '../../db/rows.js';
import { analyseAfterBulkWrite } from '../../db/table-statistics.js';
import {
  contractShares,
  contracts,
  customerIntermediaryAccounts,
  customerReferenceAddresses,
  customers,
  grants,
  memberships,
} from '../../db/schema.js';
import type { ContactPerson, ContractKey, ContractRecord, CustomerRecord } from './portfolio.js';

interface Column<Row> {
  name: string;
  /** The array's element type as sent; `select` turns the element into the column's value when they differ. */
  type: string;
  value: (row: Row) => unknown;
  select?: (element: SQL) => SQL;
}

/** A column with one value for every row of the batch (the tenant, the time of the write): sent once. */
interface FixedColumn {
  name: string;
  type: string;
  fixed: unknown;
}

/**
 * `insert … select … from unnest(…) … on conflict do update`: one statement and a fixed number of
 * parameters for a whole batch, which is what makes thousands of rows a second possible. Columns with
 * the same value in every row are sent as one parameter, not as an array of copies: PostgreSQL parses
 * each array element (a uuid, a timestamp) once per row.
 */
async function upsertRows<Row>(
  executor: Database,
  table: string,
  columns: (Column<Row> | FixedColumn)[],
  rows: Row[],
  suffix: SQL,
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) {
    return [];
  }
  const varying = columns.filter((column): column is Column<Row> => !('fixed' in column));
  const arrays = sql.join(
    varying.map((column) => sql`${sql.param(rows.map((row) => column.value(row)))}::${sql.raw(column.type)}[]`),
    sql`, `,
  );
  const names = sql.join(
    columns.map((column) => sql.identifier(column.name)),
    sql`, `,
  );
  const inputNames = sql.join(
    varying.map((column) => sql.identifier(column.name)),
    sql`, `,
  );
  const selects = sql.join(
    columns.map((column) =>
      'fixed' in column
        ? sql`${sql.param(column.fixed)}::${sql.raw(column.type)}`
        : (column.select ?? ((element: SQL) => element))(
            sql`${sql.identifier('input')}.${sql.identifier(column.name)}`,
          ),
    ),
    sql`, `,
  );
  const result = await executor.execute(sql`
    insert into ${sql.identifier(table)} (${names}) select ${selects} from unnest(${arrays}) as input(${inputNames})
      ${suffix}`);
  return rowsOf(result);
}

const asJsonb = (element: SQL): SQL => sql`${element}::jsonb`;
const asTextArray = (element: SQL): SQL => sql`array(select jsonb_array_elements_text(${element}::jsonb))`;
const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));
const keyOfRow = (row: Record<string, unknown>): string =>
  `${String(row['insurer_number'])}/${String(row['line_of_business'])}/${String(row['policy_number'])}`;

export interface UpsertOutcome {
  id: string;
  isCreated: boolean;
}

export type CustomerRow = typeof customers.$inferSelect;
export type ContractRow = typeof contracts.$inferSelect;
export type ReferenceAddressRow = typeof customerReferenceAddresses.$inferSelect;

export function createPortfolioQueries(db: Database) {
  return {
    /**
     * After a batch's commit: renews the planner's statistics of customers and contracts when the batch wrote a large
     * part of them (`analyseAfterBulkWrite`), so the portal's statements over a customer's contracts are planned with
     * their real number. Answers the tables analysed. A customer's intermediary accounts are written with the customer
     * (counted as one row each): without their statistics the planner takes an intermediary's thousands of customers
     * for ten and probes each contract's account through the tenant's whole account index.
     */
    async refreshStatisticsAfter(written: { customers: number; contracts: number }): Promise<string[]> {
      return analyseAfterBulkWrite(db, [
        { table: getTableName(customers), rows: written.customers },
        { table: getTableName(customerIntermediaryAccounts), rows: written.customers },
        { table: getTableName(contracts), rows: written.contracts },
      ]);
    },

    async staffIdsAmong(tenantId: string, identityIds: string[]): Promise<Set<string>> {
      if (identityIds.length === 0) {
        return new Set();
      }
      const rows = await db
        .selectDistinct({ identityId: memberships.identityId })
        .from(memberships)
        .where(
          and(
            eq(memberships.tenantId, tenantId),
            inArray(memberships.identityId, identityIds),
            inArray(memberships.role, ['staff_admin', 'staff_user']),
          ),
        );
      return new Set(rows.map((row) => row.identityId));
    },

    /** Upserts by customer number; the records must have distinct numbers. */
    async upsertCustomers(tenantId: string, records: CustomerRecord[], at: Date): Promise<Map<string, UpsertOutcome>> {
      const rows = await upsertRows(
        db,
        'customers',
        [
          { name: 'tenant_id', type: 'uuid', fixed: tenantId },
          { name: 'customer_number', type: 'text', value: (row) => row.customerNumber },
          { name: 'kind', type: 'text', value: (row) => row.kind },
          { name: 'first_name', type: 'text', value: (row) => row.firstName },
          { name: 'last_name', type: 'text', value: (row) => row.lastName },
          { name: 'company_name', type: 'text', value: (row) => row.companyName },
          { name: 'date_of_birth', type: 'date', value: (row) => row.dateOfBirth },
          { name: 'street', type: 'text', value: (row) => row.address?.street ?? null },
          { name: 'postcode', type: 'text', value: (row) => row.address?.postcode ?? null },
          { name: 'city', type: 'text', value: (row) => row.address?.city ?? null },
          { name: 'country', type: 'text', value: (row) => row.address?.country ?? null },
          {
            name: 'email_addresses',
            type: 'text',
            value: (row) => JSON.stringify(row.emailAddresses),
            select: asTextArray,
          },
          { name: 'phone', type: 'text', value: (row) => row.phone },
          { name: 'case_handler', type: 'text', value: (row) => json(row.caseHandler), select: asJsonb },
          { name: 'adviser', type: 'text', value: (row) => json(row.adviser), select: asJsonb },
          { name: 'created_at', type: 'timestamptz', fixed: at.toISOString() },
          { name: 'updated_at', type: 'timestamptz', fixed: at.toISOString() },
        ],
        [...records].sort((a, b) => (a.customerNumber < b.customerNumber ? -1 : 1)),
        sql`
        on conflict (tenant_id, customer_number) do update set
          kind = excluded.kind, first_name = excluded.first_name, last_name = excluded.last_name, company_name =
            excluded.company_name,
          date_of_birth = excluded.date_of_birth, street = excluded.street, postcode = excluded.postcode, city =
            excluded.city,
          country = excluded.country, email_addresses = excluded.email_addresses, phone = excluded.phone,
          case_handler = excluded.case_handler, adviser = excluded.adviser, updated_at = excluded.updated_at
        returning id, customer_number, (xmax = 0) as created`,
      );
      return new Map(
        rows.map((row) => [
          String(row['customer_number']),
          { id: String(row['id']), isCreated: row['created'] === true },
        ]),
      );
    },

    /** Replaces the reference addresses and intermediary accounts of the given customers. */
    async replaceCustomerDetails(
      tenantId: string,
      details: { customerId: string; record: CustomerRecord }[],
    ): Promise<void> {
      const ids = details.map((detail) => detail.customerId);
      if (ids.length === 0) {
        return;
      }
      // Both tables in one statement, the ids as one array parameter: this runs for every batch of an import.
      await db.execute(sql`
        with addresses as (
          delete from ${customerReferenceAddresses}
          where tenant_id = ${tenantId} and customer_id = any(${sql.param(ids)}::uuid[]))
        delete from ${customerIntermediaryAccounts}
        where tenant_id = ${tenantId} and customer_id = any(${sql.param(ids)}::uuid[])`);
      const addresses = details.flatMap(({ customerId, record }) =>
        record.referenceAddresses.map((address, position) => ({ customerId, position, ...address })),
      );
      await upsertRows(
        db,
        'customer_reference_addresses',
        [
          { name: 'customer_id', type: 'uuid', value: (row) => row.customerId },
          { name: 'tenant_id', type: 'uuid', fixed: tenantId },
          { name: 'position', type: 'integer', value: (row) => row.position },
          { name: 'label', type: 'text', value: (row) => row.label },
          { name: 'street', type: 'text', value: (row) => row.street },
          { name: 'postcode', type: 'text', value: (row) => row.postcode },
          { name: 'city', type: 'text', value: (row) => row.city },
          { name: 'country', type: 'text', value: (row) => row.country },
        ],
        addresses,
        sql``,
      );
      const accounts = details.flatMap(({ customerId, record }) =>
        record.intermediaryAccounts.map((accountNumber) => ({ customerId, accountNumber })),
      );
      await upsertRows(
        db,
        'customer_intermediary_accounts',
        [
          { name: 'customer_id', type: 'uuid', value: (row) => row.customerId },
          { name: 'tenant_id', type: 'uuid', fixed: tenantId },
          { name: 'account_number', type: 'text', value: (row) => row.accountNumber },
        ],
        accounts,
        sql``,
      );
    },

    /** Deletes customers (their contracts, details and shares go with them); answers the numbers that existed. */
    async deleteCustomers(tenantId: string, customerNumbers: string[]): Promise<Set<string>> {
      if (customerNumbers.length === 0) {
        return new Set();
      }
      const rows = await db
        .delete(customers)
        .where(and(eq(customers.tenantId, tenantId), inArray(customers.customerNumber, customerNumbers)))
        .returning({ customerNumber: customers.customerNumber });
      return new Set(rows.map((row) => row.customerNumber));
    },

    /**
     * Customer ids by number, locked against deletion until the transaction ends (contracts are about to point at
     * them).
     */
    async lockCustomerIds(tenantId: string, customerNumbers: string[]): Promise<Map<string, string>> {
      if (customerNumbers.length === 0) {
        return new Map();
      }
      const result = await db.execute(sql`
        select id, customer_number from ${customers}
        where tenant_id = ${tenantId} and customer_number = any(${sql.param(customerNumbers)}::text[])
        for key share`);
      const rows = rowsOf<{ id: string; customer_number: string }>(result);
      return new Map(rows.map((row) => [row.customer_number, row.id]));
    },

    /** Upserts by the GDV key; the records must have distinct keys. */
    async upsertContracts(
      tenantId: string,
      records: (ContractRecord & { customerId: string })[],
      at: Date,
    ): Promise<Map<string, UpsertOutcome>> {
      const keyOf = (row: ContractKey): string => `${row.insurerNumber}/${row.sparte}/${row.policyNumber}`;
      const rows = await upsertRows(
        db,
        'contracts',
        [
          { name: 'tenant_id', type: 'uuid', fixed: tenantId },
          { name: 'insurer_number', type: 'text', value: (row) => row.insurerNumber },
          { name: 'line_of_business', type: 'text', value: (row) => row.sparte },
          { name: 'policy_number', type: 'text', value: (row) => row.policyNumber },
          { name: 'customer_id', type: 'uuid', value: (row) => row.customerId },
          { name: 'insurer_name', type: 'text', value: (row) => row.insurerName },
          { name: 'product_name', type: 'text', value: (row) => row.productName },
          { name: 'status', type: 'text', value: (row) => row.status },
          { name: 'cancellation_reason', type: 'text', value: (row) => row.cancellation?.reason ?? null },
          { name: 'cancelled_on', type: 'text', value: (row) => row.cancellation?.date ?? null },
          { name: 'start_date', type: 'text', value: (row) => row.startDate },
          { name: 'end_date', type: 'text', value: (row) => row.endDate },
          { name: 'main_due_date', type: 'text', value: (row) => row.mainDueDate },
          { name: 'payment_frequency', type: 'text', value: (row) => row.paymentFrequency },
          { name: 'premium_net_cents', type: 'bigint', value: (row) => row.premiumNetCents },
          { name: 'premium_gross_cents', type: 'bigint', value: (row) => row.premiumGrossCents },
          { name: 'risk_description', type: 'text', value: (row) => row.risk?.description ?? null },
          { name: 'vehicle_plate', type: 'text', value: (row) => row.risk?.vehicle?.plate ?? null },
          { name: 'vehicle_hsn', type: 'text', value: (row) => row.risk?.vehicle?.hsn ?? null },
          { name: 'vehicle_tsn', type: 'text', value: (row) => row.risk?.vehicle?.tsn ?? null },
          { name: 'vehicle_vin', type: 'text', value: (row) => row.risk?.vehicle?.vin ?? null },
          { name: 'no_claims_class', type: 'text', value: (row) => row.risk?.vehicle?.noClaimsClass ?? null },
          { name: 'sums_insured', type: 'text', value: (row) => JSON.stringify(row.sumsInsured), select: asJsonb },
          { name: 'case_handler', type: 'text', value: (row) => json(row.caseHandler), select: asJsonb },
          { name: 'adviser', type: 'text', value: (row) => json(row.adviser), select: asJsonb },
          { name: 'created_at', type: 'timestamptz', fixed: at.toISOString() },
          { name: 'updated_at', type: 'timestamptz', fixed: at.toISOString() },
        ],
        [...records].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1)),
        sql`
        on conflict (tenant_id, insurer_number, line_of_business, policy_number) do update set
          customer_id = excluded.customer_id, insurer_name = excluded.insurer_name, product_name =
            excluded.product_name,
          status = excluded.status, cancellation_reason = excluded.cancellation_reason, cancelled_on =
            excluded.cancelled_on,
          start_date = excluded.start_date, end_date = excluded.end_date, main_due_date = excluded.main_due_date,
          payment_frequency = excluded.payment_frequency, premium_net_cents = excluded.premium_net_cents,
          premium_gross_cents = excluded.premium_gross_cents, risk_description = excluded.risk_description,
          vehicle_plate = excluded.vehicle_plate, vehicle_hsn = excluded.vehicle_hsn, vehicle_tsn =
            excluded.vehicle_tsn,
          vehicle_vin = excluded.vehicle_vin, no_claims_class = excluded.no_claims_class, sums_insured =
            excluded.sums_insured,
          case_handler = excluded.case_handler, adviser = excluded.adviser, updated_at = excluded.updated_at
        returning id, insurer_number, line_of_business, policy_number, (xmax = 0) as created`,
      );
      return new Map(rows.map((row) => [keyOfRow(row), { id: String(row['id']), isCreated: row['created'] === true }]));
    },

    /** Deletes contracts by key; answers the keys ('VU/Sparte/VSNr') that existed. */
    async deleteContracts(tenantId: string, keys: ContractKey[]): Promise<Set<string>> {
      if (keys.length === 0) {
        return new Set();
      }
      const result = await db.execute(sql`
        delete from ${contracts} c
        using unnest(
          ${sql.param(keys.map((key) => key.insurerNumber))}::text[],
          ${sql.param(keys.map((key) => key.sparte))}::text[],
          ${sql.param(keys.map((key) => key.policyNumber))}::text[]
        ) as k(insurer_number, line_of_business, policy_number)
        where c.tenant_id = ${tenantId}
          and c.insurer_number = k.insurer_number and c.line_of_business = k.line_of_business and c.policy_number =
            k.policy_number
        returning c.insurer_number, c.line_of_business, c.policy_number`);
      return new Set(rowsOf(result).map(keyOfRow));
    },

    async findGrantId(tenantId: string, grantId: string): Promise<string | null> {
      const [row] = await db
        .select({ id: grants.id })
        .from(grants)
        .where(and(eq(grants.tenantId, tenantId), eq(grants.id, grantId)));
      return row?.id ?? null;
    },

    async findContractId(tenantId: string, contractId: string): Promise<string | null> {
      const [row] = await db
        .select({ id: contracts.id })
        .from(contracts)
        .where(and(eq(contracts.tenantId, tenantId), eq(contracts.id, contractId)));
      return row?.id ?? null;
    },

    /** The contacts a conversation is routed by: the customer's case handler, the contract's handler and adviser. */
    async routingContactsOf(tenantId: string, customerId: string, contractId: string | null) {
      const [customer] = await db
        .select({ caseHandler: customers.caseHandler })
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
      const [contract] =
        contractId === null
          ? []
          : await db
              .select({ caseHandler: contracts.caseHandler, adviser: contracts.adviser })
              .from(contracts)
              .where(and(eq(contracts.tenantId, tenantId), eq(contracts.id, contractId)));
      return {
        customer: { caseHandler: customer?.caseHandler ?? null },
        contract: contract === undefined ? null : { caseHandler: contract.caseHandler, adviser: contract.adviser },
      };
    },

    async shareContract(tenantId: string, grantId: string, contractId: string, at: Date): Promise<void> {
      await db.insert(contractShares).values({ tenantId, grantId, contractId, createdAt: at }).onConflictDoNothing();
    },

    async unshareContract(tenantId: string, grantId: string, contractId: string): Promise<void> {
      await db
        .delete(contractShares)
        .where(
          and(
            eq(contractShares.tenantId, tenantId),
            eq(contractShares.grantId, grantId),
            eq(contractShares.contractId, contractId),
          ),
        );
    },

    async findCustomerByNumber(tenantId: string, customerNumber: string): Promise<CustomerRow | null> {
      const [row] = await db
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), eq(customers.customerNumber, customerNumber)));
      return row ?? null;
    },

    async findCustomerById(tenantId: string, customerId: string): Promise<CustomerRow | null> {
      const [row] = await db
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
      return row ?? null;
    },

    async findContractByKey(tenantId: string, key: ContractKey): Promise<ContractRow | null> {
      const [row] = await db
        .select()
        .from(contracts)
        .where(
          and(
            eq(contracts.tenantId, tenantId),
            eq(contracts.insurerNumber, key.insurerNumber),
            eq(contracts.lineOfBusiness, key.sparte),
            eq(contracts.policyNumber, key.policyNumber),
          ),
        );
      return row ?? null;
    },

    /** The reference addresses (Risikoorte) of the customers, each customer's in their order. */
    async referenceAddressesOf(tenantId: string, customerIds: string[]): Promise<Map<string, ReferenceAddressRow[]>> {
      const byCustomer = new Map<string, ReferenceAddressRow[]>();
      if (customerIds.length === 0) {
        return byCustomer;
      }
      const rows = await db
        .select()
        .from(customerReferenceAddresses)
        .where(
          and(
            eq(customerReferenceAddresses.tenantId, tenantId),
            inArray(customerReferenceAddresses.customerId, customerIds),
          ),
        )
        .orderBy(asc(customerReferenceAddresses.customerId), asc(customerReferenceAddresses.position));
      for (const row of rows) {
        byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row]);
      }
      return byCustomer;
    },

    async intermediaryAccountsOf(tenantId: string, customerIds: string[]): Promise<Map<string, string[]>> {
      const byCustomer = new Map<string, string[]>();
      if (customerIds.length === 0) {
        return byCustomer;
      }
      const rows = await db
        .select()
        .from(customerIntermediaryAccounts)
        .where(
          and(
            eq(customerIntermediaryAccounts.tenantId, tenantId),
            inArray(customerIntermediaryAccounts.customerId, customerIds),
          ),
        )
        .orderBy(asc(customerIntermediaryAccounts.accountNumber));
      for (const row of rows) {
        byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row.accountNumber]);
      }
      return byCustomer;
    },
  };
}

export type PortfolioQueries = ReturnType<typeof createPortfolioQueries>;
export type { ContactPerson };
