/** Schemas shared by the routes: errors, IDs, pages. */
import { Type, type TSchema } from 'typebox';

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

/** Free text: trimmed by the services, bounded here. */
export function Text(maxLength: number, options: { minLength?: number } = {}) {
  return Type.String({ minLength: options.minLength ?? 1, maxLength });
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
