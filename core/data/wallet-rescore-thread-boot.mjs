// Entry of a full-rescore worker thread when running from TypeScript sources (tsx, vitest): a
// worker thread does not inherit the parent's TypeScript loader, so register it, then load it.
import { register } from "tsx/esm/api";

register();
await import("./wallet-rescore-thread.ts");
