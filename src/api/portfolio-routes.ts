import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CustomerBodyInput, ContractBodyInput, PortfolioItemInput } from '../modules/portfolio/portfolio-input.js';
import type { ContractView, CustomerView } from '../modules/portfolio/portfolio-view.js';
import type { RequestOrigin } from '../modules/audit/audit-service.js';
import { AppError } from '../shared/errors.js';
import type { ApiEnv } from './api-middleware.js';
import { declaredProblem } from './api-problem.js';
import * as S from './api-schemas.js';
import * as P from './portfolio-schemas.js';
import { required } from '../shared/required.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
const problemContent = { content: { 'application/problem+json': { schema: S.Problem } }, description: 'Problem' };
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, problemContent]));
const COMMON = [400, 401, 413, 415, 422, 429];
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const idempotencyHeader = z.object({
  'idempotency-key': z.string().max(255).optional().openapi({ description: 'Repeat a POST safely for 24 hours' }),
});

/** A contract's key in the tenant (Sparte, insurer, policy number): the visible-contracts list's order and cursor. */
type ContractKey = readonly [string, string, string];
const contractKey = (contract: ContractView): ContractKey => [
  contract.sparte,
  contract.insurerNumber,
  contract.policyNumber,
];
const compareKeys = (left: ContractKey, right: ContractKey): number => {
  for (const index of [0, 1, 2] as const) {
    if (left[index] !== right[index]) {
      return left[index] < right[index] ? -1 : 1;
    }
  }
  return 0;
};
const cursorOf = (key: ContractKey): string => key.join('-');
const keyOfCursor = (cursor: string): ContractKey => {
  const [sparte = '', insurerNumber = '', policyNumber = ''] = cursor.split('-');
  return [sparte, insurerNumber, policyNumber];
};

function originOf(c: {
  req: { header(name: string): string | undefined };
  get(key: 'caller'): { apiKeyId: string };
}): RequestOrigin {
  return { client: `api:${c.get('caller').apiKeyId.slice(0, 8)}`, userAgent: c.req.header('user-agent') ?? null };
}

const customerJson = (customer: CustomerView) => ({ ...customer, updatedAt: customer.updatedAt.toISOString() });
const contractJson = (contract: ContractView) => ({ ...contract, updatedAt: contract.updatedAt.toISOString() });

/**
 * The CRM's portfolio: customers and contracts upserted by their keys, hand-shared contracts, and what a person sees.
 */
export function registerPortfolioRoutes(api: OpenAPIHono<ApiEnv>): void {
  api.openAPIRegistry.register('PortfolioItem', PortfolioItemInput);
  registerCustomerRoutes(api);
  registerContractRoutes(api);
  registerSharingRoutes(api);
}

function registerCustomerRoutes(api: OpenAPIHono<ApiEnv>): void {
  const put = createRoute({
    method: 'put',
    path: '/customers/{customerNumber}',
    tags: ['Portfolio'],
    summary: 'Create or replace a customer by customer number',
    request: { params: P.customerNumberParam, ...body(CustomerBodyInput) },
    responses: { 200: json(P.Customer, 'Replaced'), 201: json(P.Customer, 'Created'), ...problems(...COMMON) },
  });
  api.openapi(put, async (c) => {
    const tenantId = c.get('caller').tenantId;
    const { customerNumber } = c.req.valid('param');
    const { customer, isCreated } = await c
      .get('services')
      .portfolio.putCustomer(tenantId, customerNumber, c.req.valid('json'), originOf(c));
    return c.json(customerJson(customer), isCreated ? 201 : 200);
  });
  const remove = createRoute({
    method: 'delete',
    path: '/customers/{customerNumber}',
    tags: ['Portfolio'],
    summary: 'Delete a customer with their contracts; deleting again answers 204 too',
    request: { params: P.customerNumberParam },
    responses: { 204: { description: 'Deleted or not there' }, ...problems(...COMMON) },
  });
  api.openapi(remove, async (c) => {
    await c
      .get('services')
      .portfolio.deleteCustomer(c.get('caller').tenantId, c.req.valid('param').customerNumber, originOf(c));
    return c.body(null, 204);
  });
}

function registerContractRoutes(api: OpenAPIHono<ApiEnv>): void {
  const put = createRoute({
    method: 'put',
    path: '/contracts/{insurerNumber}/{sparte}/{policyNumber}',
    tags: ['Portfolio'],
    summary: 'Create or replace a contract by its GDV key (VU-Nr, Sparte, VSNr)',
    request: { params: P.contractKeyParams, ...body(ContractBodyInput) },
    responses: {
      200: json(P.Contract, 'Replaced'),
      201: json(P.Contract, 'Created'),
      ...problems(...COMMON),
      422: problemContent,
    },
  });
  api.openapi(put, async (c) => {
    try {
      const tenantId = c.get('caller').tenantId;
      const { contract, isCreated } = await c
        .get('services')
        .portfolio.putContract(tenantId, c.req.valid('param'), c.req.valid('json'), originOf(c));
      return c.json(contractJson(contract), isCreated ? 201 : 200);
    } catch (error) {
      // The missing customer is named in the body, not the path: the contract's own address is fine.
      if (error instanceof AppError && error.code === 'CUSTOMER_NOT_FOUND') {
        return declaredProblem(c, 422, 'customer_not_found', error.message);
      }
      throw error;
    }
  });
  const remove = createRoute({
    method: 'delete',
    path: '/contracts/{insurerNumber}/{sparte}/{policyNumber}',
    tags: ['Portfolio'],
    summary: 'Delete a contract; deleting again answers 204 too',
    request: { params: P.contractKeyParams },
    responses: { 204: { description: 'Deleted or not there' }, ...problems(...COMMON) },
  });
  api.openapi(remove, async (c) => {
    await c.get('services').portfolio.deleteContract(c.get('caller').tenantId, c.req.valid('param'), originOf(c));
    return c.body(null, 204);
  });
  const sync = createRoute({
    method: 'post',
    path: '/portfolio/sync',
    tags: ['Portfolio'],
    summary: 'Up to 1,000 customer and contract upserts and deletes; one result per item, bad items fail alone',
    request: { headers: idempotencyHeader, ...body(P.SyncRequest) },
    responses: { 200: json(P.SyncResponse, 'One result per item, in order'), ...problems(...COMMON) },
  });
  api.openapi(sync, async (c) => {
    const results = await c
      .get('services')
      .portfolio.upsertBatch(c.get('caller').tenantId, c.req.valid('json').items, originOf(c));
    const count = (status: string): number => results.filter((result) => result.status === status).length;
    const counts = {
      created: count('created'),
      updated: count('updated'),
      deleted: count('deleted'),
      notFound: count('not_found'),
      failed: count('failed'),
    };
    return c.json({ ...counts, results }, 200);
  });
}

function registerSharingRoutes(api: OpenAPIHono<ApiEnv>): void {
  const shareParams = S.idParam('grantId').extend(S.idParam('contractId').shape);
  const share = createRoute({
    method: 'put',
    path: '/grants/{grantId}/contracts/{contractId}',
    tags: ['Grants'],
    summary: 'Share a contract into a grant by hand (also without automatic sharing, also of another customer)',
    request: { params: shareParams },
    responses: { 204: { description: 'Shared' }, ...problems(...COMMON, 404) },
  });
  api.openapi(share, async (c) => {
    const params = c.req.valid('param');
    await c
      .get('services')
      .portfolio.shareContract(
        c.get('caller').tenantId,
        required(params.grantId),
        required(params.contractId),
        originOf(c),
      );
    return c.body(null, 204);
  });
  const unshare = createRoute({
    method: 'delete',
    path: '/grants/{grantId}/contracts/{contractId}',
    tags: ['Grants'],
    summary: "Withdraw a contract shared by hand; it stays visible only through the grant's other sharing",
    request: { params: shareParams },
    responses: { 204: { description: 'No longer shared by hand' }, ...problems(...COMMON, 404) },
  });
  api.openapi(unshare, async (c) => {
    const params = c.req.valid('param');
    await c
      .get('services')
      .portfolio.unshareContract(
        c.get('caller').tenantId,
        required(params.grantId),
        required(params.contractId),
        originOf(c),
      );
    return c.body(null, 204);
  });
  const visible = createRoute({
    method: 'get',
    path: '/people/{personId}/visible-contracts',
    tags: ['People'],
    summary: 'The contracts a person sees in this tenant through their grants, as the portal shows them',
    request: { params: S.idParam('personId'), query: P.visibleContractsQuery },
    responses: {
      200: json(P.VisibleContractPage, 'A page of the visible contracts'),
      ...problems(...COMMON, 404),
    },
  });
  api.openapi(visible, async (c) => {
    const services = c.get('services');
    const tenantId = c.get('caller').tenantId;
    const person = await services.people.getPerson(tenantId, required(c.req.valid('param').personId));
    const { customerNumber, sparte, status, cursor, limit } = c.req.valid('query');
    const filter = {
      ...(customerNumber === undefined ? {} : { customerNumber }),
      ...(sparte === undefined ? {} : { sparte }),
      ...(status === undefined ? {} : { status }),
    };
    const contracts = [...(await services.visibility.visibleContracts(tenantId, person.id, filter))].sort(
      (left, right) => compareKeys(contractKey(left), contractKey(right)),
    );
    const after = cursor === undefined ? null : keyOfCursor(cursor);
    const rest =
      after === null ? contracts : contracts.filter((contract) => compareKeys(contractKey(contract), after) > 0);
    const items = rest.slice(0, limit);
    const last = items.at(-1);
    return c.json(
      {
        items: items.map(contractJson),
        nextCursor: rest.length > limit && last !== undefined ? cursorOf(contractKey(last)) : null,
      },
      200,
    );
  });
}
