import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import type { TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  // JSON of many shapes, checked against the OpenAPI document by expectAnswersMatchContract.
  body: any;
  text: string;
}

interface Recorded {
  method: string;
  /** The OpenAPI path template the request matched, e.g. /grants/{grantId}. */
  template: string;
  status: number;
  contentType: string;
  body: unknown;
}

export interface ApiClient {
  call(
    method: string,
    path: string,
    options?: {
      body?: unknown;
      rawBody?: string | Uint8Array<ArrayBuffer>;
      contentType?: string;
      headers?: Record<string, string>;
      key?: string | null;
    },
  ): Promise<ApiAnswer>;
  readonly recorded: Recorded[];
}

const TEMPLATES: [RegExp, string][] = [
  [/^\/customers\/[^/]+$/, '/customers/{customerNumber}'],
  [/^\/contracts\/[^/]+\/[^/]+\/[^/]+$/, '/contracts/{insurerNumber}/{sparte}/{policyNumber}'],
  [/^\/portfolio\/sync$/, '/portfolio/sync'],
  [/^\/grants\/[^/]+\/contracts\/[^/]+$/, '/grants/{grantId}/contracts/{contractId}'],
  [/^\/people\/[^/]+\/visible-contracts$/, '/people/{personId}/visible-contracts'],
  [/^\/grants\/[^/]+\/people\/[^/]+$/, '/grants/{grantId}/people/{personId}'],
  [/^\/grants\/[^/]+\/people$/, '/grants/{grantId}/people'],
  [/^\/grants\/[^/]+$/, '/grants/{grantId}'],
  [/^\/grants$/, '/grants'],
  [/^\/people\/[^/]+\/(deactivate|reactivate|resend-invitation|revoke-invitation)$/, '/people/{personId}/$1'],
  [/^\/people\/[^/]+$/, '/people/{personId}'],
  [/^\/people$/, '/people'],
  [/^\/invitations\/bulk$/, '/invitations/bulk'],
  [/^\/audit-events$/, '/audit-events'],
  [/^\/document-links\/[^/]+$/, '/document-links/{token}'],
  [
    /^\/conversations\/[^/]+\/messages\/[^/]+\/attachments$/,
    '/conversations/{conversationId}/messages/{messageId}/attachments',
  ],
  [/^\/conversations\/[^/]+\/messages$/, '/conversations/{conversationId}/messages'],
  [/^\/conversations\/[^/]+$/, '/conversations/{conversationId}'],
  [/^\/webhooks\/[^/]+\/deliveries$/, '/webhooks/{webhookId}/deliveries'],
  [/^\/webhooks\/[^/]+$/, '/webhooks/{webhookId}'],
  [/^\/webhooks$/, '/webhooks'],
  [/^\/claims\/external\/[^/]+$/, '/claims/external/{externalId}'],
  [/^\/claims\/[^/]+$/, '/claims/{claimId}'],
  [/^\/claims$/, '/claims'],
];

function templateOf(path: string): string {
  const bare = path.replace(/^\/api\/v1/, '').replace(/\?.*$/, '');
  for (const [pattern, template] of TEMPLATES) {
    const match = pattern.exec(bare);
    if (match !== null) {
      return template.replace('$1', match[1] ?? '');
    }
  }
  return bare;
}

/** Calls the in-process app like a CRM would, and keeps every answer for the contract check. */
export function createApiClient(portal: TestPortal, defaultKey: string): ApiClient {
  const recorded: Recorded[] = [];
  return {
    recorded,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      const key = options.key === undefined ? defaultKey : options.key;
      if (key !== null) {
        headers['authorization'] ??= `Bearer ${key}`;
      }
      let body: string | Uint8Array<ArrayBuffer> | undefined;
      if (options.rawBody !== undefined) {
        body = options.rawBody;
      } else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
      }
      if (body !== undefined) {
        headers['content-type'] ??= options.contentType ?? 'application/json';
        headers['content-length'] = String(Buffer.byteLength(body));
      }
      const response = await portal.app.request(`http://api.portico.test/api/v1${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      const contentType = response.headers.get('content-type') ?? '';
      const parsed = text === '' ? null : contentType.includes('json') ? JSON.parse(text) : text;
      recorded.push({
        method: method.toLowerCase(),
        template: templateOf(path),
        status: response.status,
        contentType,
        body: parsed,
      });
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
  };
}

/** Every recorded answer must be declared in the OpenAPI document and match its schema. */
export async function expectAnswersMatchContract(portal: TestPortal, recorded: Recorded[]): Promise<void> {
  const document = await (await portal.app.request('http://api.portico.test/api/v1/openapi.json')).json();
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'portico', components: document.components }, 'portico');
  const failures: string[] = [];
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  for (const answer of recorded) {
    if (answer.template.startsWith('/nowhere')) {
      continue;
    }
    const operation = document.paths[answer.template]?.[answer.method];
    if (operation === undefined) {
      failures.push(`${answer.method} ${answer.template}: not in the document`);
      continue;
    }
    const declared = operation.responses[String(answer.status)];
    if (declared === undefined) {
      failures.push(`${answer.method} ${answer.template}: status ${answer.status} not declared`);
      continue;
    }
    const mediaType = required(answer.contentType.split(';')[0]).trim();
    if (answer.status === 204) {
      continue;
    }
    const schema = declared.content?.[mediaType]?.schema;
    if (schema === undefined) {
      failures.push(`${answer.method} ${answer.template} ${answer.status}: media type ${mediaType} not declared`);
      continue;
    }
    const source = JSON.stringify(schema).replaceAll('"#/components/', '"portico#/components/');
    const validate = compiled.get(source) ?? ajv.compile(JSON.parse(source));
    compiled.set(source, validate);
    if (!validate(answer.body)) {
      failures.push(`${answer.method} ${answer.template} ${answer.status}: ${ajv.errorsText(validate.errors)}`);
    }
  }
  expect(failures).toEqual([]);
}
