// The readable API reference: every operation with its parameters and answers, and every schema
// with its fields, rendered on the server from the OpenAPI document itself (no scripts, no
// assets from elsewhere), so the page and /api/v1/openapi.json always agree.
import { Layout } from '../web/layout.js';
import { problemTitle, PROBLEM_TYPE_BASE } from './problem.js';

interface SchemaObject {
  type?: string | string[];
  $ref?: string;
  description?: string;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  enum?: unknown[];
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  additionalProperties?: boolean | SchemaObject;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: SchemaObject;
}

interface Operation {
  summary?: string;
  description?: string;
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Parameter[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: SchemaObject }> }>;
}

export interface ApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation> | undefined>;
  components?: { schemas?: Record<string, SchemaObject> };
}

const refName = (ref: string) => ref.split('/').at(-1) ?? ref;

function typeText(schema: SchemaObject | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.anyOf || schema.oneOf) return (schema.anyOf ?? schema.oneOf ?? []).map(typeText).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (type === 'array') return `${typeText(schema.items)}[]`;
  return type;
}

function TypeCell({ schema }: { schema: SchemaObject | undefined }) {
  const text = typeText(schema);
  const ref = schema?.$ref ?? schema?.items?.$ref;
  return ref ? <a href={`#schema-${refName(ref)}`}>{text}</a> : <code>{text}</code>;
}

function constraints(schema: SchemaObject | undefined): string {
  if (!schema) return '';
  const parts: string[] = [];
  if (schema.default !== undefined) parts.push(`既定 ${JSON.stringify(schema.default)}`);
  if (schema.minimum !== undefined) parts.push(`最小 ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`最大 ${schema.maximum}`);
  return parts.join('、');
}

const PROBLEM_CODES: [string, number][] = [
  ['NOT_FOUND', 404], ['PLAN_NOT_FOUND', 404], ['ORGANISATION_NOT_FOUND', 404], ['ITEM_NOT_FOUND', 404], ['INDICATOR_NOT_FOUND', 404],
  ['ROUND_NOT_PUBLISHED', 404], ['CATALOGUE_ENTRY_NOT_FOUND', 404], ['INVALID_INPUT', 422], ['INVALID_CURSOR', 422], ['INTERNAL', 500],
];

export function ReferencePage({ document }: { document: ApiDocument }) {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods ?? {}).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
  );
  const schemas = Object.entries(document.components?.schemas ?? {});
  return (
    <Layout title="API リファレンス">
      <h1>
        {document.info.title} {document.info.version}
      </h1>
      <p>{document.info.description}</p>
      <p>
        機械可読な文書: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>（OpenAPI 3.1）。一覧はページ分けされ、応答の <code>next</code>
        を次の要求の <code>cursor</code> に渡すと続きを読めます（<code>Link: rel="next"</code> ではなく本文で返します）。すべての GET は ETag と
        Last-Modified を返し、<code>If-None-Match</code> が一致すれば 304 を返します。どのオリジンからも読めます（CORS）。
      </p>
      <h2>操作の一覧</h2>
      <ul>
        {operations.map(({ path, method, operation }) => (
          <li>
            <a href={`#op-${operation.operationId ?? ''}`}>
              <code>
                {method} {path}
              </code>
            </a>{' '}
            {operation.summary}
          </li>
        ))}
      </ul>
      {operations.map(({ path, method, operation }) => (
        <section id={`op-${operation.operationId ?? ''}`}>
          <h3>
            <code>
              {method} {path}
            </code>{' '}
            {operation.summary}
          </h3>
          {operation.description ? <p>{operation.description}</p> : null}
          {operation.security && operation.security.length > 0 ? (
            <p>
              認証が必要です: <code>{'Authorization: Bearer <API トークン>'}</code>（<code>shinchoku token create</code> で発行）またはログイン中のセッション（<code>X-CSRF-Token</code> ヘッダーつき）。
            </p>
          ) : null}
          {operation.parameters && operation.parameters.length > 0 ? (
            <table>
              <caption>パラメータ</caption>
              <thead>
                <tr>
                  <th scope="col">名前</th>
                  <th scope="col">場所</th>
                  <th scope="col">型</th>
                  <th scope="col">必須</th>
                  <th scope="col">説明</th>
                </tr>
              </thead>
              <tbody>
                {operation.parameters.map((p) => (
                  <tr>
                    <td>
                      <code>{p.name}</code>
                    </td>
                    <td>{p.in === 'path' ? 'パス' : 'クエリ'}</td>
                    <td>
                      <TypeCell schema={p.schema} />
                    </td>
                    <td>{p.required ? '必須' : '任意'}</td>
                    <td>
                      {p.description ?? p.schema?.description ?? ''} {constraints(p.schema)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <table>
            <caption>応答</caption>
            <thead>
              <tr>
                <th scope="col">状態</th>
                <th scope="col">説明</th>
                <th scope="col">本文</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(operation.responses ?? {}).map(([status, response]) => (
                <tr>
                  <td>{status}</td>
                  <td>{response.description ?? ''}</td>
                  <td>
                    {Object.entries(response.content ?? {}).map(([type, body]) => (
                      <span>
                        <code>{type}</code> <TypeCell schema={body.schema} />{' '}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <h2>スキーマ</h2>
      {schemas.map(([name, schema]) => (
        <section id={`schema-${name}`}>
          <h3>{name}</h3>
          {schema.description ? <p>{schema.description}</p> : null}
          {schema.properties ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">名前</th>
                  <th scope="col">型</th>
                  <th scope="col">必須</th>
                  <th scope="col">説明</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(schema.properties).map(([property, value]) => (
                  <tr>
                    <td>
                      <code>{property}</code>
                    </td>
                    <td>
                      <TypeCell schema={value} />
                    </td>
                    <td>{schema.required?.includes(property) ? '必須' : '任意'}</td>
                    <td>{value.description ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>
              型: <TypeCell schema={schema} />
            </p>
          )}
        </section>
      ))}
      <h2 id="problems">エラー</h2>
      <p>
        エラーは RFC 9457 の problem details（<code>application/problem+json</code>）で返します: <code>type</code>、<code>title</code>、
        <code>status</code>、<code>detail</code>（日本語の説明）、<code>instance</code>（要求のパス）と、<code>code</code>（エラーの種類）。
      </p>
      <dl>
        {PROBLEM_CODES.map(([code, status]) => (
          <>
            <dt id={`problem-${code}`}>
              <code>{`${PROBLEM_TYPE_BASE}${code}`}</code>
            </dt>
            <dd>
              {status} {problemTitle(status)}
            </dd>
          </>
        ))}
      </dl>
    </Layout>
  );
}
