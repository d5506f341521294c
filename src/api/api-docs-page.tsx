/** @jsxImportSource hono/jsx */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { raw } from 'hono/html';
import { escapedHtml } from '../http/html-text.js';
import { renderSynchronously } from '../http/language.js';
import { required } from '../shared/required.js';

const OPENAPI_PATH = '/api/v1/openapi.json';

/** The document the API router generates (OpenAPI 3.1). */
export type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
type PathItem = NonNullable<OpenApiDocument['paths']>[string];
type Operation = NonNullable<PathItem['get']>;
type Parameter = NonNullable<Operation['parameters']>[number];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function isMethod(key: string): key is (typeof METHODS)[number] {
  return (METHODS as readonly string[]).includes(key);
}

/** Every operation of the document in its order: each path, then each method of it. */
function operationsOf(document: OpenApiDocument): { path: string; method: string; operation: Operation }[] {
  const paths = document.paths ?? {};
  return Object.keys(paths).flatMap((path) => {
    const item = paths[path] ?? {};
    return Object.keys(item)
      .filter(isMethod)
      .map((method) => ({ path, method, operation: required(item[method], `${method} ${path}`) }));
  });
}

/** A parameter named in place, or the name of the shared one it refers to. */
function parameterOf(parameter: Parameter): { name: string; in: string; required?: boolean } {
  return 'in' in parameter ? parameter : { name: required(parameter.$ref.split('/').pop()), in: 'ref' };
}

function descriptionOf(response: unknown): string {
  return typeof response === 'object' && response !== null && 'description' in response
    ? String(response.description)
    : '';
}

function bodySchemaOf(operation: Operation): unknown {
  const body = operation.requestBody;
  return body === undefined || '$ref' in body ? body : body.content['application/json']?.schema;
}

/** Renders **bold** and `code` of the description; everything else is plain text. */
function Inline(props: { text: string }) {
  const parts = props.text.split(/(\*\*[^*]+\*\*|`[^`]+`)/g);
  return (
    <>
      {parts.map((part) =>
        part.startsWith('**') ? (
          <strong>{part.slice(2, -2)}</strong>
        ) : part.startsWith('`') ? (
          <code>{part.slice(1, -1)}</code>
        ) : (
          part
        ),
      )}
    </>
  );
}

function schemaName(schema: unknown): string {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  return ref === undefined ? 'JSON' : required(ref.split('/').pop());
}

/** The API reference, rendered by Portico from its own OpenAPI document: no CDN, no script. */
export function renderApiDocs(c: Context, document: OpenApiDocument): Response | Promise<Response> {
  const operations = operationsOf(document);
  const tags = [...new Set(operations.flatMap((entry) => entry.operation.tags ?? ['Other']))];
  return c.html(
    renderSynchronously(
      <>
        {raw('<!doctype html>')}
        <html lang="en">
          {/* As one string: Hono's JSX renders these elements through a context, i.e. inside an AsyncLocalStorage. */}
          {raw(
            '<head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>' +
              `<title>${escapedHtml(document.info.title)} — reference</title>` +
              '<link rel="stylesheet" href="/assets/portico.css"/></head>',
          )}
          <body>
            <main class="api-docs">
              <h1>
                {document.info.title} {document.info.version}
              </h1>
              <p>
                Base path <code>/api/v1</code>. Machine-readable: <a href={OPENAPI_PATH}>{OPENAPI_PATH}</a> (OpenAPI
                3.1).
              </p>
              {(document.info.description ?? '').split('\n\n').map((paragraph) => (
                <p>
                  <Inline text={paragraph} />
                </p>
              ))}
              {tags.map((tag) => (
                <section>
                  <h2>{tag}</h2>
                  {operations
                    .filter((entry) => (entry.operation.tags ?? ['Other']).includes(tag))
                    .map(({ path, method, operation }) => (
                      <article id={`${method}-${path}`}>
                        <h3>
                          <code>
                            {method.toUpperCase()} /api/v1{path}
                          </code>
                        </h3>
                        <p>{operation.summary}</p>
                        {operation.parameters !== undefined && operation.parameters.length > 0 && (
                          <p>
                            Parameters:{' '}
                            {operation.parameters.map(parameterOf).map((parameter, index) => (
                              <>
                                {index > 0 && ', '}
                                <code>{parameter.name}</code> ({parameter.in}
                                {parameter.required === true ? ', required' : ''})
                              </>
                            ))}
                          </p>
                        )}
                        {operation.requestBody !== undefined && (
                          <p>
                            Body:{' '}
                            <a href={`#schema-${schemaName(bodySchemaOf(operation))}`}>
                              {schemaName(bodySchemaOf(operation))}
                            </a>
                          </p>
                        )}
                        <p>
                          Answers:{' '}
                          {Object.entries(operation.responses ?? {})
                            .map(([status, response]) => `${status} ${descriptionOf(response)}`)
                            .join(' · ')}
                        </p>
                      </article>
                    ))}
                </section>
              ))}
              <section>
                <h2>Schemas</h2>
                {Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => (
                  <article id={`schema-${name}`}>
                    <h3>{name}</h3>
                    <pre>{JSON.stringify(schema, null, 2)}</pre>
                  </article>
                ))}
              </section>
            </main>
          </body>
        </html>
      </>,
    ),
  );
}
