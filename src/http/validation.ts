/**
 * The validator compiler: TypeBox's, plus discriminated unions. A body schema that is a union
 * of objects with `discriminator: {propertyName}` (OpenAPI's keyword) is validated against the
 * one branch its discriminator names, so a bad field is reported as in any other body (400
 * naming the field) instead of as the failures of every branch. Every part of every request
 * (body, query string, path parameters) then goes through the text policy (textPolicy.ts).
 */
import type { FastifySchemaCompiler } from 'fastify';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { findTextIssue } from './textPolicy.js';

interface DiscriminatedUnion {
  anyOf: Array<{ properties?: Record<string, { const?: unknown }> }>;
  discriminator: { propertyName: string };
}

function isDiscriminatedUnion(schema: unknown): schema is DiscriminatedUnion {
  const s = schema as Partial<DiscriminatedUnion> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    Array.isArray(s.anyOf) &&
    typeof s.discriminator?.propertyName === 'string'
  );
}

type Validate = ReturnType<typeof TypeBoxValidatorCompiler>;

/** Runs the schema's checks, then the text policy on what they let through. */
function withTextPolicy(schema: unknown, validate: Validate): Validate {
  return (value: unknown) => {
    const result = validate(value) as Exclude<ReturnType<Validate>, boolean | PromiseLike<unknown>>;
    if (result.error !== undefined) return result;
    const issue = findTextIssue(schema, result.value);
    return issue === null ? result : { error: [issue] };
  };
}

export const validatorCompiler: FastifySchemaCompiler<TSchema> = (route) =>
  withTextPolicy(route.schema, compileSchema(route));

function compileSchema(route: Parameters<FastifySchemaCompiler<TSchema>>[0]): Validate {
  const { schema } = route;
  if (!isDiscriminatedUnion(schema)) return TypeBoxValidatorCompiler(route);
  const key = schema.discriminator.propertyName;
  const branches = new Map<unknown, ReturnType<typeof TypeBoxValidatorCompiler>>();
  for (const branch of schema.anyOf) {
    const value = branch.properties?.[key]?.const;
    branches.set(value, TypeBoxValidatorCompiler({ ...route, schema: branch }));
  }
  // Without a known discriminator, the error names it and its allowed values.
  const values = [...branches.keys()].filter((v): v is string => typeof v === 'string');
  const fallback = TypeBoxValidatorCompiler({
    ...route,
    schema: Type.Object({ [key]: Type.Union(values.map((v) => Type.Literal(v))) }),
  });
  return (value: unknown) => {
    const tag =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[key]
        : undefined;
    return (branches.get(tag) ?? fallback)(value);
  };
}
