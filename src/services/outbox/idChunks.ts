const ID_CHUNK = 500;

/** Row IDs in lists short enough for one `IN (…)` on either database. */
export function idChunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += ID_CHUNK) result.push(items.slice(i, i + ID_CHUNK));
  return result;
}
