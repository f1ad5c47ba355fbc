/**
 * Run records for ingest runs and periodic jobs (start, end, status, counts, error), and the
 * dead-letter table for input that could not be processed.
 */
import type { SqlRunner } from "./db.js";
import { retrying } from "./retry.js";

export type Counts = Record<string, number>;

export class JobRuns {
  constructor(private readonly sql: SqlRunner) {}

  async start(name: string): Promise<string> {
    const rows = await retrying(() =>
      this.sql.query<{ id: string }>(`INSERT INTO job_run (name, status) VALUES ($1, 'running') RETURNING id`, [name]),
    );
    return String(rows[0]!.id);
  }

  async finish(id: string, status: "ok" | "failed", counts: Counts, error?: string): Promise<void> {
    await retrying(() =>
      this.sql.query(`UPDATE job_run SET status = $2, ended_at = now(), counts = $3::jsonb, error = $4 WHERE id = $1`, [
        id,
        status,
        JSON.stringify(counts),
        error ?? null,
      ]),
    );
  }

  /** Runs `fn` with a run record around it; the record says failed (with the error) if it throws. */
  async record<R extends { counts: Counts }>(name: string, fn: () => Promise<R>): Promise<R> {
    const id = await this.start(name);
    try {
      const out = await fn();
      await this.finish(id, "ok", out.counts);
      return out;
    } catch (err) {
      await this.finish(id, "failed", {}, (err as Error).message).catch(() => {});
      throw err;
    }
  }
}

export interface DeadLetterInput {
  source: string;
  key: string;
  reason: string;
  payload: unknown;
}

export async function writeDeadLetters(sql: SqlRunner, items: readonly DeadLetterInput[]): Promise<void> {
  if (items.length === 0) return;
  await retrying(() => sql.query(
    `INSERT INTO dead_letter (source, key, reason, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
    [
      items.map((i) => i.source),
      items.map((i) => i.key),
      items.map((i) => i.reason.slice(0, 2000)),
      items.map((i) => JSON.stringify(i.payload ?? null)),
    ],
  ));
}
