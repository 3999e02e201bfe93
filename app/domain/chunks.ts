/**
 * Rows per multi-row INSERT (or per queue call) when writing by sets: a
 * dozen columns a row stays far below PostgreSQL's 65,535 bindings per
 * statement, and a round trip carries enough rows to be worth it.
 */
export const ROWS_PER_STATEMENT = 1000

/** The items in consecutive slices of `size` (the last one shorter). */
export function chunksOf<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const chunks: T[][] = []
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size))
  }
  return chunks
}
