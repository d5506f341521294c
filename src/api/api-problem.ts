import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { expectedErrorOf } from '../db/database-errors.js';
import { messageOfError, statusOfError } from '../shared/error-registry.js';
import type { ErrorCode } from '../shared/errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

function problemBody(
  status: number,
  code: string,
  detail: string | undefined,
  extra: Partial<ProblemBody>,
): ProblemBody {
  return {
    type: `https://portico.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...extra,
  };
}

/** RFC 9457 problem details; `code` is the stable part integrators branch on. */
export function problem(
  c: Context,
  status: number,
  code: string,
  detail?: string,
  extra: Partial<ProblemBody> = {},
): Response {
  const body = problemBody(status, code, detail, extra);
  return c.body(JSON.stringify(body), status as 400, { 'content-type': 'application/problem+json' });
}

/** The same answer from a route whose OpenAPI definition declares the status: typed as that declared answer. */
export function declaredProblem<S extends ContentfulStatusCode>(c: Context, status: S, code: string, detail?: string) {
  return c.json(problemBody(status, code, detail, {}), status, { 'Content-Type': 'application/problem+json' });
}

/**
 * An expected failure as a problem: status from the error registry, `code` in lower case as the API
 * has always named it, `detail` in English. Null for a defect, which the caller answers with a 500.
 */
export function problemFromError(c: Context, error: unknown): Response | null {
  const expected = expectedErrorOf(error);
  if (expected === null) {
    return null;
  }
  // The API knows every person as a person; "identity" is a word of the platform, not of integrators.
  const code: ErrorCode = expected.code === 'IDENTITY_NOT_FOUND' ? 'PERSON_NOT_FOUND' : expected.code;
  if (expected.retryAfterSeconds !== undefined) {
    c.header('Retry-After', String(expected.retryAfterSeconds));
  }
  return problem(c, statusOfError(code), code.toLowerCase(), expected.detail ?? messageOfError(expected, 'en'));
}
