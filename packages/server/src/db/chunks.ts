/** `items` in consecutive slices of at most `size` (bounded write commands). */
export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  if (size < 1) throw new Error('chunk size must be at least 1');
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Runs `fn` over `items` with at most `limit` calls in flight; rejects with the first failure. */
export async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
