/**
 * Retries a database write through a short outage (a Postgres restart, a dropped connection)
 * with exponential backoff, so bookkeeping such as run records and dead letters is not lost
 * and does not fail the work it describes. Gives up after `tries` and rethrows the last error.
 */
export async function retrying<T>(
  fn: () => Promise<T>,
  opts: { tries?: number; baseMs?: number; maxMs?: number } = {},
): Promise<T> {
  const tries = opts.tries ?? 10;
  const base = opts.baseMs ?? 100;
  const max = opts.maxMs ?? 5000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= tries) throw err;
      await new Promise((r) => setTimeout(r, Math.min(max, base * 2 ** (attempt - 1))));
    }
  }
}
