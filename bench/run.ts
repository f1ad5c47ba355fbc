/**
 * `npm run -s bench -- NAME` runs one benchmark; `npm run bench` runs them all. Each prints its
 * progress to stderr and, as its last stdout line, one JSON object {"bench": NAME, ...figures}.
 * Figures are medians of several timed rounds after a warm-up; they vary run to run (±30% on a
 * shared 2-core machine), so compare like with like.
 */
const BENCHES = {
  decode: () => import("./decode.js"),
  ingest: () => import("./ingest.js"),
  scoring: () => import("./scoring.js"),
  stats: () => import("./token-stats.js"),
  "slot-range": () => import("./slot-range.js"),
  calls: () => import("./calls.js"),
  rules: () => import("./rules.js"),
  fanout: () => import("./fanout.js"),
  burst: () => import("./notify-burst.js"),
  render: () => import("./render.js"),
  "token-backfill": () => import("./token-backfill.js"),
} as const;

type Name = keyof typeof BENCHES;

const arg = process.argv[2];
const names: Name[] = arg ? [arg as Name] : (Object.keys(BENCHES) as Name[]);
for (const name of names) {
  const load = BENCHES[name];
  if (!load) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(", ")}`);
    process.exit(2);
  }
  const mod = await load();
  const figures = await mod.run();
  console.log(JSON.stringify({ bench: name, ...figures }));
}
process.exit(0);
