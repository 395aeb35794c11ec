/**
 * The routes of the API as `/docs/json` publishes them, and valid-looking requests built from
 * their schemas: the security suite covers whatever the API serves, not a list kept by hand.
 */
import type { TestApp } from '../helpers/testApp.js';

export type Schema = Record<string, any>;

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  pathParams: string[];
  query: Array<{ name: string; required: boolean; schema: Schema }>;
  body: Schema | undefined;
  /** Declares no bearer security (health, store push notifications). */
  public: boolean;
}

export async function apiOperations(t: TestApp): Promise<Operation[]> {
  const doc = (await t.app.inject({ url: '/docs/json' })).json();
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (schema?.$ref === undefined) return schema;
    const name = String(schema.$ref).split('/').pop()!;
    return doc.components?.schemas?.[name] as Schema | undefined;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const [method, op] of Object.entries<any>(methods)) {
      const parameters: any[] = op.parameters ?? [];
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name as string),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} })),
        body: resolve(op.requestBody?.content?.['application/json']?.schema),
        public: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return operations;
}

export function isWrite(op: Operation): boolean {
  return op.method !== 'GET';
}

/**
 * Percent-encodes any text, even one a URL cannot carry (an unpaired surrogate goes as the
 * bytes of U+FFFD, as a client's UTF-8 encoder would send it).
 */
export function encodePart(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** `/api/v1/users/{id}` with its parameters filled in (percent-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_all, name: string) => encodePart(values[name] ?? 'missing'));
}

/** The first branch of a union that is not `null`. */
function branchOf(schema: Schema): Schema {
  const list = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (list === undefined) return schema;
  return list.find((s) => s.type !== 'null') ?? list[0] ?? {};
}

/**
 * A value that passes `schema`: required fields, plus every optional field that names another
 * resource (`idFor` gives the ID to use, by field name; null leaves the field out).
 */
export function exampleOf(
  schema: Schema | undefined,
  idFor: (field: string) => string | null,
  field = '',
): unknown {
  if (schema === undefined) return undefined;
  const s = branchOf(schema);
  if (s.allOf !== undefined) {
    return Object.assign({}, ...(s.allOf as Schema[]).map((m) => exampleOf(m, idFor, field)));
  }
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const id = idFor(field);
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(s.required ?? []);
      for (const [name, property] of Object.entries<Schema>(s.properties ?? {})) {
        if (!required.has(name) && idFor(name) === null) continue;
        const value = exampleOf(property, idFor, name);
        if (value !== undefined) out[name] = value;
      }
      return out;
    }
    case 'array': {
      if (id !== null) return [id];
      const count = Math.max(1, s.minItems ?? 0);
      return Array.from({ length: count }, () => exampleOf(s.items ?? {}, idFor, field));
    }
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return field === 'confirm';
    case 'string': {
      if (id !== null) return id;
      if (s.format === 'email')
        return `probe-${Math.random().toString(36).slice(2, 8)}@example.org`;
      if (s.format === 'date-time') return new Date().toISOString();
      if (s.format === 'uri' || field === 'url') return 'https://hooks.example.org/probe';
      const text = 'probe-value-0123456789abcdef';
      const min = s.minLength ?? 0;
      return text.padEnd(min, 'x').slice(0, s.maxLength ?? text.length);
    }
    default:
      return id ?? undefined;
  }
}
