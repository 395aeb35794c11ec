/** Keyset pagination by ID (IDs sort by creation time); http/ turns `after` into a cursor. */
export interface PageRequest {
  limit: number;
  /** Return items whose ID sorts after this one. */
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** The ID to continue after, or null on the last page. */
  nextAfter: string | null;
}

/** Turns `limit + 1` fetched rows into a page: the extra row only says there is more. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextAfter: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
