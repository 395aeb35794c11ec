/**
 * What any text a client sends must be, checked once for every route by the validator
 * (validation.ts), in bodies, query strings and path parameters alike:
 *
 * - no NUL character anywhere: PostgreSQL cannot store one (a 500 before this check) and
 *   SQLite would store it, so both databases refuse it the same way;
 * - no unpaired UTF-16 surrogate: it has no UTF-8 form and would be stored as U+FFFD, so what
 *   was sent is not what is kept.
 *
 * Names (schemas.ts `Text`, marked with {@link TEXT_KIND}) must also not be blank (the
 * services trim them: "  " would become "" and collide with the next blank one), nor hold a
 * bidirectional embedding, override or isolate control (U+202A–U+202E, U+2066–U+2069), which
 * makes a name display as another ("Trojan Source", CVE-2021-42574).
 */

/** The schema keyword that marks a string as a name (`'name'`) or free text (`'free'`). */
export const TEXT_KIND = 'x-allot-text';
export type TextKind = 'name' | 'free';

/** An issue in the shape of the validator's own, so errors.ts names its field the same way. */
export interface TextIssue {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message: string;
}

// Any surrogate half is a quick test for the rare text that needs a closer look. With the `u`
// flag a well-formed pair is one code point, so only a lone half matches LONE_SURROGATE.
const SURROGATE_HALF = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

type Schema = Record<string, unknown>;

function asSchema(value: unknown): Schema | undefined {
  return typeof value === 'object' && value !== null ? (value as Schema) : undefined;
}

function members(schema: Schema): Schema[] {
  const out: Schema[] = [];
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const m of list) if (asSchema(m)) out.push(m as Schema);
  }
  return out;
}

function kindOf(schema: Schema | undefined): TextKind | undefined {
  if (schema === undefined) return undefined;
  const kind = schema[TEXT_KIND];
  if (kind === 'name' || kind === 'free') return kind;
  for (const member of members(schema)) {
    const found = kindOf(member);
    if (found !== undefined) return found;
  }
  return undefined;
}

function propertySchema(schema: Schema | undefined, key: string): Schema | undefined {
  if (schema === undefined) return undefined;
  const direct = asSchema(asSchema(schema.properties)?.[key]);
  if (direct !== undefined) return direct;
  for (const member of members(schema)) {
    const found = propertySchema(member, key);
    if (found !== undefined) return found;
  }
  return asSchema(schema.additionalProperties);
}

function itemSchema(schema: Schema | undefined): Schema | undefined {
  if (schema === undefined) return undefined;
  const direct = asSchema(schema.items);
  if (direct !== undefined) return direct;
  for (const member of members(schema)) {
    const found = itemSchema(member);
    if (found !== undefined) return found;
  }
  return undefined;
}

function issue(instancePath: string, keyword: string, message: string): TextIssue {
  return { keyword, instancePath, schemaPath: '#', params: {}, message };
}

/** Why a text is refused, or null. */
export function textProblem(text: string, kind: TextKind | undefined): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  if (SURROGATE_HALF.test(text) && LONE_SURROGATE.test(text)) {
    return 'must not contain an unpaired surrogate (invalid Unicode)';
  }
  if (kind !== 'name') return null;
  if (text.trim() === '') return 'must not be blank';
  if (BIDI_CONTROL.test(text)) {
    return 'must not contain bidirectional override or isolate characters (U+202A–U+202E, U+2066–U+2069)';
  }
  return null;
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The first text in `value` that the policy refuses, with where it is; null when none. */
export function findTextIssue(schema: unknown, value: unknown, path = ''): TextIssue | null {
  const s = asSchema(schema);
  if (typeof value === 'string') {
    const problem = textProblem(value, kindOf(s));
    return problem === null ? null : issue(path, 'text', problem);
  }
  if (Array.isArray(value)) {
    const items = itemSchema(s);
    for (let i = 0; i < value.length; i += 1) {
      const found = findTextIssue(items, value[i], `${path}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const at = `${path}/${escapePointer(key)}`;
      const keyProblem = textProblem(key, undefined);
      if (keyProblem !== null) return issue(at, 'text', `field name ${keyProblem}`);
      const found = findTextIssue(propertySchema(s, key), child, at);
      if (found !== null) return found;
    }
  }
  return null;
}
