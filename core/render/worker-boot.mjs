// Entry of a render worker thread when running from TypeScript sources (tsx, vitest): a worker
// thread does not inherit the parent's TypeScript loader, so register it, then load the worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
