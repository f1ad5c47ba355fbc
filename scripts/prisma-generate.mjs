// Generates the Prisma client offline. `prisma generate` needs no engine to emit the TypeScript
// client, but the CLI insists that a schema-engine binary path exists, and it cannot be downloaded
// on machines without internet; any existing file satisfies the check.
import { spawnSync } from "node:child_process";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  env,
  stdio: ["ignore", "pipe", "inherit"],
});
if (r.status !== 0) {
  process.stdout.write(r.stdout);
  process.exit(r.status ?? 1);
}
