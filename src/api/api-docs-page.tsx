/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import { required } from '../shared/required.js';

const OPENAPI_PATH = '/api/v1/openapi.json';

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
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
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  const tags = [...new Set(operations.flatMap((entry) => entry.operation.tags ?? ['Other']))];
  return c.html(
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{document.info.title} — reference</title>
          <link rel="stylesheet" href="/assets/portico.css" />
        </head>
        <body>
          <main class="api-docs">
            <h1>
              {document.info.title} {document.info.version}
            </h1>
            <p>
              Base path <code>/api/v1</code>. Machine-readable: <a href={OPENAPI_PATH}>{OPENAPI_PATH}</a> (OpenAPI 3.1).
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
                          {operation.parameters.map((parameter, index) => (
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
                          <a href={`#schema-${schemaName(operation.requestBody.content['application/json']?.schema)}`}>
                            {schemaName(operation.requestBody.content['application/json']?.schema)}
                          </a>
                        </p>
                      )}
                      <p>
                        Answers:{' '}
                        {Object.entries(operation.responses)
                          .map(([status, response]) => `${status} ${response.description}`)
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
  );
}
