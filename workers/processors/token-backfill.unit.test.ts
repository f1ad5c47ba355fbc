import { describe, expect, it } from "vitest";
import { failureCode } from "../../core/queues/token-backfill.js";
import { BackfillListingError, RpcHttpError, RpcNetworkError, RpcRateLimitedError, RpcResponseError } from "../ingest/rpc-backfill.js";
import { classifyRpcFailure, TokenBackfillError } from "./token-backfill.js";

describe("token backfill failures", () => {
  it("tell the RPC's failure from the error's causes", () => {
    const listing = (cause: Error) => new BackfillListingError("getSignaturesForAddress failed", { cause });
    expect(classifyRpcFailure(listing(new RpcNetworkError("ECONNREFUSED")))).toBe("rpc-unreachable");
    expect(classifyRpcFailure(listing(new RpcRateLimitedError("still rate limited")))).toBe("rpc-rate-limited");
    expect(classifyRpcFailure(listing(new RpcHttpError(502, "bad gateway")))).toBe("rpc-error");
    expect(classifyRpcFailure(listing(new RpcResponseError(-32602, "invalid params")))).toBe("rpc-error");
    expect(classifyRpcFailure(new Error("anything else"))).toBe("rpc-error");
  });

  it("keep their code through BullMQ's failed reason (a string)", () => {
    for (const code of ["rpc-unreachable", "rpc-rate-limited", "busy", "store-failed", "stopped"] as const) {
      expect(failureCode(new TokenBackfillError(code, "detail: with a colon").message)).toBe(code);
    }
    // A reason without a known code (an unexpected crash) is an RPC error to the asker.
    expect(failureCode("TypeError: x is undefined")).toBe("rpc-error");
    expect(failureCode("nonsense: words")).toBe("rpc-error");
  });
});
