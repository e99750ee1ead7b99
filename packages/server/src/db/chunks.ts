/** `items` in consecutive slices of at most `size` (bounded write commands). */
export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  if (size < 1) throw new Error('chunk size must be at least 1');
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
