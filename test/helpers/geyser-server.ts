/**
 * A local Yellowstone gRPC (Geyser) server for tests: real gRPC over loopback, built with
 * @grpc/grpc-js + @grpc/proto-loader from the checked-in proto files, so the native client in
 * `@triton-one/yellowstone-grpc` talks to it exactly as it would to a provider.
 *
 * Each `Subscribe` call: sends response headers at once, waits for the first request, then streams
 * the configured updates (raw `SubscribeUpdate` bytes pass through untouched; plain objects are
 * encoded), honouring `fromSlot` like the real server (inclusive). Every request is recorded.
 *
 * Traps (see test/fixtures/yellowstone/TESTING-NOTES.md):
 * - the native client waits for response headers, so `sendMetadata` must come first;
 * - the native client drops empty filter values (`{all: {}}`) when encoding, and proto-loader's
 *   decoder then throws on the null map value: requests are decoded here with protobufjs
 *   directly (a dependency of proto-loader) and null map values filled with empty messages;
 * - a client that closes only half-closes (the real server then keeps the call until it fails to
 *   write), so `close()` ends every open call itself; `clientClosed` counts those half-closes.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";

const PROTO_DIR = fileURLToPath(new URL("../fixtures/yellowstone/proto/", import.meta.url));

/** A `SubscribeUpdate`: encoded bytes (sent as they are) or a plain object (protobufjs-encoded). */
export type UpdateInput = Uint8Array | Record<string, unknown>;

/** A decoded `SubscribeRequest`: camelCase fields, u64 as decimal strings, enums as numbers. */
export interface DecodedSubscribeRequest {
  accounts?: Record<string, unknown>;
  slots?: Record<string, unknown>;
  transactions?: Record<
    string,
    {
      vote?: boolean;
      failed?: boolean;
      signature?: string;
      accountInclude?: string[];
      accountExclude?: string[];
      accountRequired?: string[];
    }
  >;
  transactionsStatus?: Record<string, unknown>;
  blocks?: Record<string, unknown>;
  blocksMeta?: Record<string, unknown>;
  entry?: Record<string, unknown>;
  commitment?: number;
  accountsDataSlice?: unknown[];
  ping?: { id?: number };
  fromSlot?: string;
}

export interface RecordedRequest {
  /** Which Subscribe call (0-based, in arrival order) carried it. */
  call: number;
  request: DecodedSubscribeRequest;
}

export interface GeyserServerOptions {
  /** What each Subscribe call streams, in order; a function can vary it per call. */
  updates?: UpdateInput[] | ((call: number, first: DecodedSubscribeRequest) => UpdateInput[]);
  /** Skip updates older than the request's `fromSlot`, like the real server (default true). */
  honourFromSlot?: boolean;
  /** End call `call` with UNAVAILABLE after it has sent this many updates (undefined: never). */
  killAfter?: (call: number) => number | undefined;
  /** End each call normally (status OK) once its updates are sent (default false: stay open). */
  endWhenDone?: boolean;
  /** Answer ping requests with a pong update, as the real server does (default true). */
  answerPings?: boolean;
  /** Listen on this port instead of a free one (to bring a server back where one was). */
  port?: number;
  /**
   * The oldest slot it can replay from: a request with an older `fromSlot` is ended with
   * INTERNAL "broadcast from N is not available, last available: M", as Yellowstone does.
   */
  oldestReplaySlot?: number;
}

export interface GeyserServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Every request received, initial ones and pings alike. */
  requests: RecordedRequest[];
  /** Subscribe calls opened so far. */
  readonly callCount: number;
  /** Subscribe calls still open. */
  readonly openCalls: number;
  /** Updates written so far, all calls together. */
  readonly sent: number;
  /** Calls whose client closed its side (half-close or cancel). */
  readonly clientClosed: number;
  /** Sends a server ping (`SubscribeUpdate{ping}`) on every open call. */
  sendPing(): void;
  /** Ends every open call with an error status now (UNAVAILABLE unless told otherwise). */
  kill(code?: grpc.status, details?: string): void;
  close(): Promise<void>;
}

interface Codecs {
  request: protobuf.Type;
  update: protobuf.Type;
}

let codecs: Codecs | null = null;

function loadCodecs(): Codecs {
  if (codecs) return codecs;
  const root = new protobuf.Root();
  // Resolve imports against the fixture folder; google/protobuf/* come from protobufjs itself.
  root.resolvePath = (_origin, target) =>
    target.startsWith("google/protobuf/") ? target : path.join(PROTO_DIR, path.basename(target));
  root.loadSync(path.join(PROTO_DIR, "geyser.proto"), { keepCase: false });
  root.resolveAll();
  codecs = { request: root.lookupType("geyser.SubscribeRequest"), update: root.lookupType("geyser.SubscribeUpdate") };
  return codecs;
}

/** Decodes a request, filling map values the native client left out (trap 2). */
export function decodeSubscribeRequest(bytes: Uint8Array): DecodedSubscribeRequest {
  const { request } = loadCodecs();
  const msg = request.decode(bytes) as unknown as Record<string, unknown>;
  for (const field of request.fieldsArray) {
    if (!field.map || !field.resolvedType) continue;
    const map = msg[field.name] as Record<string, unknown> | undefined;
    if (!map) continue;
    for (const key of Object.keys(map)) {
      if (map[key] == null) map[key] = (field.resolvedType as protobuf.Type).create();
    }
  }
  return request.toObject(msg as unknown as protobuf.Message, {
    longs: String,
    enums: Number,
    defaults: false,
    arrays: false,
  }) as DecodedSubscribeRequest;
}

function encodeUpdate(u: UpdateInput): Buffer {
  if (u instanceof Uint8Array) return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  const { update } = loadCodecs();
  return Buffer.from(update.encode(update.fromObject(u)).finish());
}

const SLOT_CARRIERS = ["transaction", "transactionStatus", "account", "slot", "block", "blockMeta", "entry"];

/** The slot an update belongs to, for `fromSlot` replay; null for pings and the like. */
function slotOf(bytes: Uint8Array): number | null {
  const { update } = loadCodecs();
  const obj = update.toObject(update.decode(bytes), { longs: String }) as Record<string, { slot?: string } | undefined>;
  for (const k of SLOT_CARRIERS) {
    const s = obj[k]?.slot;
    if (s !== undefined) return Number(s);
  }
  return null;
}

type SubscribeCall = grpc.ServerDuplexStream<DecodedSubscribeRequest, Buffer>;

export async function startGeyserServer(opts: GeyserServerOptions = {}): Promise<GeyserServer> {
  const honourFromSlot = opts.honourFromSlot ?? true;
  const answerPings = opts.answerPings ?? true;
  const requests: RecordedRequest[] = [];
  const open = new Set<SubscribeCall>();
  let callCount = 0;
  let sent = 0;
  const closedByClient = new Set<number>();

  const def = protoLoader.loadSync("geyser.proto", {
    includeDirs: [PROTO_DIR],
    longs: String,
    enums: Number,
    defaults: false,
    oneofs: true,
  });
  const service = def["geyser.Geyser"] as grpc.ServiceDefinition;
  const subscribeDef = service["Subscribe"] as grpc.MethodDefinition<DecodedSubscribeRequest, Buffer>;
  const patched: grpc.ServiceDefinition = {
    ...service,
    Subscribe: {
      ...subscribeDef,
      requestDeserialize: (b: Buffer) => decodeSubscribeRequest(b),
      // Updates are encoded before writing, so recorded .bin bytes go out byte for byte.
      responseSerialize: (b: Buffer) => b,
    },
  };

  const write = (call: SubscribeCall, bytes: Buffer): Promise<boolean> =>
    new Promise((resolve) => {
      if (call.destroyed || call.writableEnded) return resolve(false);
      sent++;
      if (call.write(bytes)) return resolve(true);
      // Respect HTTP/2 flow control: a client that stops reading makes us wait here.
      const done = (ok: boolean) => {
        call.off("drain", onDrain);
        call.off("close", onClose);
        resolve(ok);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      call.on("drain", onDrain);
      call.on("close", onClose);
    });

  const endWithError = (call: SubscribeCall, code: grpc.status, details: string) => {
    if (!open.has(call)) return;
    open.delete(call);
    // The call's own 'error' listener turns this into a status and ends the call.
    call.emit("error", Object.assign(new Error(details), { code, details }));
  };

  const subscribe = (call: SubscribeCall) => {
    const n = callCount++;
    open.add(call);
    call.sendMetadata(new grpc.Metadata());
    let started = false;
    const forget = () => open.delete(call);
    call.on("cancelled", () => {
      closedByClient.add(n);
      forget();
    });
    call.on("end", () => closedByClient.add(n));
    call.on("close", forget);
    call.on("error", () => forget());
    call.on("data", (request: DecodedSubscribeRequest) => {
      requests.push({ call: n, request });
      if (request.ping && answerPings) void write(call, encodeUpdate({ filters: [], pong: { id: request.ping.id ?? 0 } }));
      if (!started) {
        started = true;
        void stream(call, n, request);
      }
    });
  };

  const stream = async (call: SubscribeCall, n: number, first: DecodedSubscribeRequest) => {
    const oldest = opts.oldestReplaySlot;
    if (oldest !== undefined && first.fromSlot !== undefined && Number(first.fromSlot) < oldest) {
      endWithError(call, grpc.status.INTERNAL, `broadcast from ${first.fromSlot} is not available, last available: ${oldest}`);
      return;
    }
    const list = typeof opts.updates === "function" ? opts.updates(n, first) : (opts.updates ?? []);
    const from = honourFromSlot && first.fromSlot !== undefined ? Number(first.fromSlot) : null;
    const killAt = opts.killAfter?.(n);
    let count = 0;
    for (const u of list) {
      if (killAt !== undefined && count >= killAt) break;
      const bytes = encodeUpdate(u);
      if (from !== null) {
        const slot = slotOf(bytes);
        if (slot !== null && slot < from) continue;
      }
      if (!open.has(call) || !(await write(call, bytes))) return;
      count++;
    }
    if (killAt !== undefined && count >= killAt) endWithError(call, grpc.status.UNAVAILABLE, "test server killed the stream");
    else if (opts.endWhenDone && open.delete(call)) call.end();
  };

  const server = new grpc.Server();
  server.addService(patched, { Subscribe: subscribe } as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${opts.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get callCount() {
      return callCount;
    },
    get openCalls() {
      return open.size;
    },
    get sent() {
      return sent;
    },
    get clientClosed() {
      return closedByClient.size;
    },
    sendPing() {
      for (const call of open) void write(call, encodeUpdate({ filters: [], ping: {} }));
    },
    kill(code = grpc.status.UNAVAILABLE, details = "test server killed the stream") {
      for (const call of [...open]) endWithError(call, code, details);
    },
    async close() {
      // Trap 4: end the calls ourselves, or tryShutdown waits for clients that never finish.
      for (const call of [...open]) {
        open.delete(call);
        call.end();
      }
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
