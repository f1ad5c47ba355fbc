// Entry of an incremental-scoring worker thread when running from TypeScript sources (tsx,
// vitest): a worker thread does not inherit the parent's TypeScript loader, so register it first.
import { register } from "tsx/esm/api";

register();
await import("./wallet-incremental-thread.ts");
