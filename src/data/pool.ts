/**
 * Maps `items` through async `fn` with at most `concurrency` calls in flight; results keep the input order.
 * Every item runs even when some fail; the failures are returned beside the results.
 */
export async function mapPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<Array<{ ok: true, value: R } | { ok: false, error: unknown }>> {
  const results = new Array<{ ok: true, value: R } | { ok: false, error: unknown }>(items.length)
  let next = 0
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++
      try {
        results[i] = { ok: true, value: await fn(items[i], i) }
      } catch (error) {
        results[i] = { ok: false, error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker))
  return results
}
