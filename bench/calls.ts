/**
 * calls: call extraction (`extractCalls`) over the hand-written channel-post corpus
 * (test/fixtures/calls/corpus.jsonl), one core. Rates are posts per CPU second of this process
 * (wall-clock rates drop whenever another process takes the core); median of ROUNDS rounds after
 * a warm-up. Channels post a few messages a minute, so this only has to be far from a limit.
 */
import { readFileSync } from "node:fs";
import { extractCalls } from "../core/domain/calls/extract.js";
import { median, round } from "./stats.js";

const ROUND_MS = 900;
const ROUNDS = 5;

interface Post {
  text: string;
  urls: string[];
}

export async function run(): Promise<Record<string, number>> {
  const posts: Post[] = readFileSync(new URL("../test/fixtures/calls/corpus.jsonl", import.meta.url), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Post);
  const cpuRates: number[] = [];
  const wallRates: number[] = [];
  for (let r = -1; r < ROUNDS; r++) {
    let n = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    while (performance.now() - t0 < ROUND_MS) {
      for (const p of posts) extractCalls(p);
      n += posts.length;
    }
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (r < 0) continue; // warm-up
    cpuRates.push(n / ((cpu.user + cpu.system) / 1e6));
    wallRates.push(n / wall);
    process.stderr.write(`calls: round ${r + 1}/${ROUNDS}: ${Math.round(n / wall)} posts/s wall\n`);
  }
  return {
    posts: posts.length,
    postsPerCpuSec: round(median(cpuRates)),
    postsPerWallSec: round(median(wallRates)),
  };
}
