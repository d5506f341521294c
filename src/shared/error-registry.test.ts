import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { problemFromError } from '../api/api-problem.js';
import { describeCliError } from '../cli/cli-environment.js';
import { pageErrorOf } from '../http/page-errors.js';
import { ERROR_REGISTRY, messageOfError, statusOfError, textOfError } from './error-registry.js';
import { AppError, type ErrorCode } from './errors.js';
import { ENGLISH } from './i18n/english.js';
import { required } from './required.js';

/** The codes as the type declares them, read from the source so that a code missing from the registry is named. */
function declaredCodes(): string[] {
  const source = readFileSync(new URL('./errors.ts', import.meta.url), 'utf8');
  const union = required(required(/export type ErrorCode =([\s\S]*?);/.exec(source))[1]);
  return [...union.matchAll(/'([A-Z_]+)'/g)].map((match) => required(match[1]));
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => required(match[1]));

describe('the error registry', () => {
  it('has exactly one entry for every declared code', () => {
    const declared = declaredCodes();
    expect(declared.length).toBeGreaterThan(50);
    expect(new Set(declared).size).toBe(declared.length);
    expect(Object.keys(ERROR_REGISTRY).sort()).toEqual([...declared].sort());
  });

  it('gives every code a 4xx or 503 status and a German text with an English translation', () => {
    for (const [code, entry] of Object.entries(ERROR_REGISTRY)) {
      expect([400, 401, 403, 404, 409, 413, 415, 422, 429, 503], code).toContain(entry.status);
      expect(entry.text.length, code).toBeGreaterThan(5);
      const english = (ENGLISH as Record<string, string>)[entry.text];
      expect(english, `${code} has no English text`).toBeTypeOf('string');
      expect(english, code).not.toBe(entry.text);
    }
  });

  it('fills a message’s parameters in both languages', () => {
    const tooMany = new AppError('HOSTS_TOO_MANY', { params: { max: 20 } });
    expect(messageOfError(tooMany, 'de')).toBe('Ein Portal kann höchstens 20 Adressen haben.');
    expect(messageOfError(tooMany, 'en')).toBe('A portal can have at most 20 addresses.');
    const contrast = { code: 'COLOUR_CONTRAST_LOW', params: { ratio: 2.5 } } as const;
    expect(messageOfError(contrast, 'de')).toContain('Kontrast 2,5 : 1');
    expect(messageOfError(contrast, 'en')).toContain('2.5');
  });

  it('leaves no placeholder unfilled where a service throws with its params', () => {
    const withParams = Object.entries(ERROR_REGISTRY).filter(([, entry]) => placeholders(entry.text).length > 0);
    expect(withParams.map(([code]) => code)).toContain('HOSTS_TOO_MANY');
    const hostsTooMany = textOfError(new AppError('HOSTS_TOO_MANY', { params: { max: 20 } }));
    expect(hostsTooMany).toEqual({ text: ERROR_REGISTRY.HOSTS_TOO_MANY.text, values: { max: 20 } });
  });
});

describe('one mapper for the API, pages and the CLI', () => {
  const thrown: Array<[ErrorCode, number]> = [
    ['GRANT_NOT_FOUND', 404],
    ['HOST_TAKEN', 409],
    ['ROLE_ORDER', 403],
    ['HOSTS_TOO_MANY', 422],
    ['TOO_MANY_LINK_ATTEMPTS', 429],
    ['DATA_DIR_IN_USE', 503],
  ];

  it.each(thrown)('answers %s in the API with the status the registry gives (%i)', async (code, status) => {
    const app = new Hono();
    app.get('/fail', () => {
      throw new AppError(code, { params: { max: 20 } });
    });
    app.onError((error, c) => problemFromError(c, error) ?? c.text('defect', 500));
    const response = await app.request('http://api.test/fail');
    expect(response.status).toBe(status);
    expect(response.status).toBe(statusOfError(code));
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as { code: string; status: number; detail: string };
    expect(body.code).toBe(code.toLowerCase());
    expect(body.status).toBe(status);
    expect(body.detail).toBe(messageOfError({ code, params: { max: 20 } }, 'en'));
  });

  it('names a person not found as such in the API, and answers a defect with nothing', async () => {
    const app = new Hono();
    app.get('/identity', () => {
      throw new AppError('IDENTITY_NOT_FOUND', 'No person with address a@b.de');
    });
    app.get('/defect', () => {
      throw new Error('secret internals');
    });
    app.onError((error, c) => problemFromError(c, error) ?? c.text('defect', 500));
    const identity = await app.request('http://api.test/identity');
    expect(identity.status).toBe(404);
    expect(((await identity.json()) as { code: string }).code).toBe('person_not_found');
    const defect = await app.request('http://api.test/defect');
    expect(defect.status).toBe(500);
    expect(await defect.text()).toBe('defect');
  });

  it('turns an error into a page’s field error or notice, and a defect into null', () => {
    expect(pageErrorOf(new AppError('LOGO_TOO_LARGE', { field: 'logo', params: { kilobytes: 200 } }))).toEqual({
      code: 'LOGO_TOO_LARGE',
      status: 422,
      field: 'logo',
      text: { text: 'Das Logo ist zu groß: höchstens {kilobytes} KB.', values: { kilobytes: 200 } },
    });
    expect(pageErrorOf(new AppError('LAST_ADMIN'))?.field).toBeNull();
    expect(pageErrorOf(new Error('boom'))).toBeNull();
  });

  it('maps a lost race for a unique name to the same code the check gives', () => {
    const lost = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'tenant_hosts_host_unique' });
    expect(pageErrorOf(new Error('wrapped', { cause: lost }))).toMatchObject({ code: 'HOST_TAKEN', status: 409 });
  });

  it('gives the CLI one line and exit code 1: the detail, or the registry’s English', () => {
    expect(describeCliError(new AppError('TENANT_SLUG_TAKEN', 'A tenant with slug "acme" exists already'))).toEqual({
      line: 'Error: A tenant with slug "acme" exists already',
      exitCode: 1,
    });
    expect(describeCliError(new AppError('HOSTS_TOO_MANY', { params: { max: 20 } }))).toEqual({
      line: 'Error: A portal can have at most 20 addresses.',
      exitCode: 1,
    });
    expect(describeCliError(new Error('boom')).exitCode).toBe(2);
  });
});
