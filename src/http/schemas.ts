/** Schemas shared by the routes: errors, IDs, pages. */
import { Type, type TSchema } from 'typebox';
import { TEXT_KIND, type TextKind } from './textPolicy.js';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Object({}, { additionalProperties: true })),
    }),
  },
  { $id: 'Error', description: 'Every error has this shape; `code` is stable.' },
);

/** An opaque ID in a path or body. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const IdParams = Type.Object({ id: Id });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });
}

/**
 * Text a person types: trimmed by the services, bounded here. A required one (the default,
 * minLength 1) is a name: never blank, no bidirectional controls; `minLength: 0` is free text
 * such as a description (textPolicy.ts).
 */
export function Text(maxLength: number, options: { minLength?: number } = {}) {
  const minLength = options.minLength ?? 1;
  const kind: TextKind = minLength === 0 ? 'free' : 'name';
  return Type.String({ minLength, maxLength, [TEXT_KIND]: kind });
}

export const Timestamp = Type.String({ format: 'date-time' });

/** The error responses a write route can give, for the OpenAPI document. */
export const writeErrors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
};

export const readErrors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
