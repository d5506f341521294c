import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import { ItemError, parseContractKey } from './portfolio-input.js';
import { createPortfolioQueries, type ReferenceAddressRow } from './portfolio-repo.js';
import { toContractView, toCustomerView, type ContractView, type CustomerView } from './portfolio-view.js';
import { customerDisplayName, type ContractKey } from './portfolio.js';
import { createPortfolioWriter } from './portfolio-writer.js';
import { isUuid } from '../../shared/ids.js';
import { createPortfolioDirectory } from './portfolio-directory.js';
import { required } from '../../shared/required.js';

export function createPortfolioService(deps: {
  db: Database;
  clock: Clock;
  audit: AuditService;
  webhooks: WebhookService;
}) {
  const { db, clock } = deps;
  const writer = createPortfolioWriter({ db, clock });

  async function writeOne(
    tenantId: string,
    item: unknown,
    origin: RequestOrigin,
  ): Promise<{ id: string; isCreated: boolean }> {
    const result = required((await writer.upsertBatch(tenantId, [item], origin))[0], 'result');
    if (result.status === 'failed') {
      throw new AppError(result.error.code, result.error.message);
    }
    return { id: result.id ?? '', isCreated: result.status === 'created' };
  }

  async function readCustomer(tenantId: string, customerNumber: string): Promise<CustomerView> {
    const queries = createPortfolioQueries(db);
    const row = await queries.findCustomerByNumber(tenantId, customerNumber);
    if (row === null) {
      throw new AppError('CUSTOMER_NOT_FOUND', 'No such customer');
    }
    const [addresses, accounts] = await Promise.all([
      queries.referenceAddressesOf(tenantId, [row.id]),
      queries.intermediaryAccountsOf(tenantId, [row.id]),
    ]);
    return toCustomerView(row, addresses.get(row.id) ?? [], accounts.get(row.id) ?? []);
  }

  async function readContract(tenantId: string, key: ContractKey): Promise<ContractView> {
    const queries = createPortfolioQueries(db);
    const row = await queries.findContractByKey(tenantId, key);
    const owner = row === null ? null : await queries.findCustomerById(tenantId, row.customerId);
    if (row === null || owner === null) {
      throw new AppError('CONTRACT_NOT_FOUND', 'No such contract');
    }
    const addresses = await queries.referenceAddressesOf(tenantId, [owner.id]);
    return toContractView(
      row,
      { customerNumber: owner.customerNumber, displayName: customerDisplayName(owner) },
      addresses.get(owner.id) ?? [],
    );
  }

  function keyFromPath(key: ContractKey): ContractKey {
    try {
      return parseContractKey(key);
    } catch (error) {
      throw error instanceof ItemError ? new AppError(error.code, error.message) : error;
    }
  }

  async function changeShare(
    tenantId: string,
    grantId: string,
    contractId: string,
    change: 'shared' | 'unshared',
    origin: RequestOrigin,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      const queries = createPortfolioQueries(tx);
      if (!isUuid(grantId) || (await queries.findGrantId(tenantId, grantId)) === null) {
        throw new AppError('GRANT_NOT_FOUND', 'No such grant');
      }
      if (!isUuid(contractId) || (await queries.findContractId(tenantId, contractId)) === null) {
        throw new AppError('CONTRACT_NOT_FOUND', 'No such contract');
      }
      if (change === 'shared') {
        await queries.shareContract(tenantId, grantId, contractId, clock.now());
      } else {
        await queries.unshareContract(tenantId, grantId, contractId);
      }
      const detail = change === 'shared' ? 'Vertrag freigegeben' : 'Vertragsfreigabe entfernt';
      await deps.audit.record(
        { kind: 'grant.changed', tenantId, identityId: null, origin, detail, grant: { id: grantId } },
        tx,
      );
      await deps.webhooks.emit(tx, tenantId, 'grant.changed', {
        grantId,
        change: change === 'shared' ? 'contract_shared' : 'contract_unshared',
        contractId,
      });
    });
  }

  return {
    ...writer,
    ...createPortfolioDirectory({ db }),

    /** The reference addresses (Risikoorte) of the customers, each customer's in their order. */
    referenceAddressesOf: (tenantId: string, customerIds: string[]): Promise<Map<string, ReferenceAddressRow[]>> =>
      createPortfolioQueries(db).referenceAddressesOf(tenantId, customerIds),

    async putCustomer(
      tenantId: string,
      customerNumber: string,
      body: object,
      origin: RequestOrigin,
    ): Promise<{ customer: CustomerView; isCreated: boolean }> {
      const { isCreated } = await writeOne(
        tenantId,
        { type: 'customer', action: 'upsert', customer: { ...body, customerNumber } },
        origin,
      );
      return { customer: await readCustomer(tenantId, customerNumber.normalize('NFC').trim()), isCreated };
    },

    /** Deletes the customer with their contracts; deleting one that is not there (any more) is no error. */
    async deleteCustomer(tenantId: string, customerNumber: string, origin: RequestOrigin): Promise<void> {
      await writeOne(tenantId, { type: 'customer', action: 'delete', customerNumber }, origin);
    },

    async putContract(
      tenantId: string,
      key: ContractKey,
      body: object,
      origin: RequestOrigin,
    ): Promise<{ contract: ContractView; isCreated: boolean }> {
      const parsedKey = keyFromPath(key);
      const { isCreated } = await writeOne(
        tenantId,
        { type: 'contract', action: 'upsert', contract: { ...body, ...key } },
        origin,
      );
      return { contract: await readContract(tenantId, parsedKey), isCreated };
    },

    async deleteContract(tenantId: string, key: ContractKey, origin: RequestOrigin): Promise<void> {
      keyFromPath(key);
      await writeOne(tenantId, { type: 'contract', action: 'delete', ...key }, origin);
    },

    /** The contacts a conversation about the customer (and contract) is routed by, in the caller's transaction. */
    routingContactsOf: (
      executor: Database,
      tenantId: string,
      place: { customerId: string; contractId: string | null },
    ) => createPortfolioQueries(executor).routingContactsOf(tenantId, place.customerId, place.contractId),

    getCustomer: readCustomer,
    getContract: (tenantId: string, key: ContractKey): Promise<ContractView> =>
      readContract(tenantId, keyFromPath(key)),

    /** Shares a contract into a grant by hand; sharing twice changes nothing. */
    shareContract: (tenantId: string, grantId: string, contractId: string, origin: RequestOrigin): Promise<void> =>
      changeShare(tenantId, grantId, contractId, 'shared', origin),
    unshareContract: (tenantId: string, grantId: string, contractId: string, origin: RequestOrigin): Promise<void> =>
      changeShare(tenantId, grantId, contractId, 'unshared', origin),
  };
}

export type PortfolioService = ReturnType<typeof createPortfolioService>;
