import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseKind } from '../support/test-database.js';
import { createApiWorld, type ApiWorld } from './api-setup.js';

interface Operation {
  method: string;
  path: string;
  hasBody: boolean;
  isJson: boolean;
}

async function operationsOf(world: ApiWorld): Promise<Operation[]> {
  const document = (await (await world.portal.app.request('http://api.portico.test/api/v1/openapi.json')).json()) as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
  };
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: template.replace(/\{[^}]+\}/g, () => randomUUID()),
      hasBody: operation.requestBody !== undefined,
      // The document upload is multipart, read by its route: not a JSON body.
      isJson: operation.requestBody === undefined || operation.requestBody.content?.['application/json'] !== undefined,
    })),
  );
}

describe(`API v1: an empty body where JSON is expected (${databaseKind})`, () => {
  const worlds: ApiWorld[] = [];
  afterEach(async () => {
    for (const world of worlds.splice(0)) {
      await world.portal.close();
    }
  });
  async function newWorld(): Promise<ApiWorld> {
    const world = await createApiWorld();
    worlds.push(world);
    return world;
  }

  it('answers 400 body_required on every operation with a request body, for Content-Length: 0 and for no body at all', async () => {
    const world = await newWorld();
    const withBody = (await operationsOf(world)).filter((operation) => operation.hasBody && operation.isJson);
    expect(withBody.map((operation) => operation.method)).toEqual(expect.arrayContaining(['POST', 'PATCH']));
    expect(withBody.length).toBeGreaterThanOrEqual(6);
    for (const { method, path } of withBody) {
      const empty = await world.api.call(method, path, { rawBody: '' });
      expect([method, path, empty.status, empty.headers.get('content-type'), empty.body?.code]).toEqual([
        method,
        path,
        400,
        'application/problem+json',
        'body_required',
      ]);
      const blank = await world.api.call(method, path, { rawBody: ' \r\n' });
      expect([method, path, blank.status, blank.body?.code]).toEqual([method, path, 400, 'body_required']);
      const absent = await world.api.call(method, path, { headers: { 'content-type': 'application/json' } });
      expect([method, path, absent.status, absent.body?.code]).toEqual([method, path, 400, 'body_required']);
    }
  });

  it('still accepts an empty JSON body on an operation that takes none', async () => {
    const world = await newWorld();
    const withoutBody = (await operationsOf(world)).filter(
      (operation) => !operation.hasBody && operation.method === 'POST',
    );
    expect(withoutBody.length).toBeGreaterThan(0);
    for (const { method, path } of withoutBody) {
      const answer = await world.api.call(method, path, { rawBody: '' });
      expect([path, answer.status, answer.body?.code]).toEqual([path, 404, 'person_not_found']);
    }
  });
});
