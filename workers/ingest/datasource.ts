/**
 * A datasource yields raw transactions (the RPC `getTransaction` result shape, whatever the
 * transport) with where they came from; decoding happens downstream, so every datasource feeds
 * one model.
 */
import type { SwapSource } from "../../core/domain/swap.js";

export interface RawTransaction {
  /** The transaction as JSON (getTransaction result, or a getBlock entry with `slot` given). */
  raw: unknown;
  /** A human pointer for error reports: a file path, a signature. */
  origin: string;
  /** For entries that do not carry their slot (getBlock transactions). */
  slot?: number;
}

export interface Datasource {
  readonly source: SwapSource;
  /** A stable name for run records and cursors. */
  readonly name: string;
  read(signal: AbortSignal): AsyncIterable<RawTransaction | SkippedInput>;
  /**
   * Called by the ingest loop once everything read up to and including `upTo` is safely on the
   * queue (a batch was handed off, or the input ended): the moment a datasource may move a
   * durable cursor past it. Never called for input still waiting in a partial batch.
   */
  handedOff?(upTo: RawTransaction | SkippedInput): void;
}

/** Input the datasource could not even read as a transaction; reported, never fatal. */
export interface SkippedInput {
  skipped: true;
  origin: string;
  reason: string;
  raw?: unknown;
}

export const isSkipped = (x: RawTransaction | SkippedInput): x is SkippedInput => "skipped" in x;
