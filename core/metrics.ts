/**
 * Prometheus metrics and a health check, served by each worker process on METRICS_PORT:
 * `/metrics` (text exposition) and `/health` (200 when Postgres and Redis answer, else 503).
 * One registry per process; gauges that describe other objects (queue depths, the gRPC buffer)
 * are read when scraped, so the hot path does no extra work for them.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class Metrics {
  readonly registry = new Registry();
  readonly ingestTransactions = new Counter({
    name: "pumpspace_ingest_transactions_total",
    help: "Transactions taken in by ingest",
    labelNames: ["datasource"],
    registers: [this.registry],
  });
  readonly ingestSwaps = new Counter({
    name: "pumpspace_ingest_swaps_total",
    help: "Swaps decoded by ingest",
    labelNames: ["datasource"],
    registers: [this.registry],
  });
  readonly ingestRejected = new Counter({
    name: "pumpspace_ingest_rejected_total",
    help: "Inputs not decoded, by reason (skipped, malformed, decode_error)",
    labelNames: ["datasource", "reason"],
    registers: [this.registry],
  });
  readonly batchSeconds = new Histogram({
    name: "pumpspace_swap_batch_seconds",
    help: "Time the pipeline spends on one swap batch job (the stages, and the store when ingest could not)",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly storeSeconds = new Histogram({
    name: "pumpspace_swap_store_seconds",
    help: "Time the ingest role takes to store one swap batch and hand it on",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly stageSeconds = new Histogram({
    name: "pumpspace_swap_stage_seconds",
    help: "Time one stage behind the store takes for one swap batch",
    labelNames: ["stage"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly storedSwaps = new Counter({
    name: "pumpspace_swaps_stored_total",
    help: "Swaps new to the database",
    registers: [this.registry],
  });
  readonly alertsSent = new Counter({
    name: "pumpspace_alerts_total",
    help: "Alert deliveries by outcome (sent, skipped, dropped, failed)",
    labelNames: ["outcome"],
    registers: [this.registry],
  });

  constructor(opts: { defaults?: boolean } = {}) {
    if (opts.defaults !== false) collectDefaultMetrics({ register: this.registry, prefix: "pumpspace_" });
  }

  /** A gauge whose value is read at scrape time. */
  gauge(name: string, help: string, labelNames: string[], read: (g: Gauge) => Promise<void> | void): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await read(this);
      },
    });
  }
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** Serves /metrics and /health; `check` resolves to the failing parts (empty when healthy). */
export async function startMetricsServer(
  metrics: Metrics,
  port: number,
  check: () => Promise<string[]>,
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    void (async () => {
      if (req.url === "/metrics") {
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      } else if (req.url === "/health") {
        const failing = await check().catch((e: unknown) => [String(e)]);
        res.writeHead(failing.length ? 503 : 200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: failing.length === 0, failing }));
      } else {
        res.writeHead(404).end();
      }
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(port, "0.0.0.0", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
