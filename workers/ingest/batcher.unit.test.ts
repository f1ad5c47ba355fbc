import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher.js";

/** A send whose completion the test controls. */
function gate() {
  let open!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { done, open, fail };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("Batcher", () => {
  it("sends up to maxInFlight batches at once and holds the producer beyond that", async () => {
    const gates: ReturnType<typeof gate>[] = [];
    const sent: number[][] = [];
    const b = new Batcher<number>(2, 1000, (items) => {
      sent.push(items);
      const g = gate();
      gates.push(g);
      return g.done;
    }, 2);
    await b.push(1, 2);
    await b.push(3, 4);
    expect(sent).toEqual([[1, 2], [3, 4]]);
    let third = false;
    const pushing = b.push(5, 6).then(() => (third = true));
    await tick();
    // Two are out: the third full batch waits, and so does its producer.
    expect(sent).toHaveLength(2);
    expect(third).toBe(false);
    gates[0]!.open();
    await pushing;
    expect(third).toBe(true);
    expect(sent).toEqual([[1, 2], [3, 4], [5, 6]]);
    gates[1]!.open();
    gates[2]!.open();
    await b.flush();
  });

  it("settles batches in order even when a later send finishes first", async () => {
    const gates: ReturnType<typeof gate>[] = [];
    const settled: number[][] = [];
    const b = new Batcher<number>(
      1,
      1000,
      () => {
        const g = gate();
        gates.push(g);
        return g.done;
      },
      3,
      (items) => void settled.push(items),
    );
    await b.push(1);
    await b.push(2);
    await b.push(3);
    gates[2]!.open();
    gates[1]!.open();
    await tick();
    expect(settled).toEqual([]);
    gates[0]!.open();
    await b.flush();
    expect(settled).toEqual([[1], [2], [3]]);
  });

  it("never settles past a failed batch, and tells the producer", async () => {
    const gates: ReturnType<typeof gate>[] = [];
    const settled: number[][] = [];
    const b = new Batcher<number>(
      1,
      1000,
      () => {
        const g = gate();
        gates.push(g);
        return g.done;
      },
      3,
      (items) => void settled.push(items),
    );
    await b.push(1);
    await b.push(2);
    await b.push(3);
    gates[0]!.open();
    gates[1]!.fail(new Error("redis went away"));
    gates[2]!.open();
    await expect(b.flush()).rejects.toThrow("redis went away");
    expect(settled).toEqual([[1]]);
    await expect(b.push(4)).rejects.toThrow("redis went away");
  });

  it("sends a partial batch once its oldest item has waited maxWaitMs", async () => {
    const sent: number[][] = [];
    const b = new Batcher<number>(100, 20, async (items) => void sent.push(items));
    await b.push(1);
    await b.push(2);
    expect(sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(sent).toEqual([[1, 2]]);
    await b.flush();
  });

  it("holds a partial batch past its time bound while every slot is taken, and sends it at the next free one", async () => {
    const gates: ReturnType<typeof gate>[] = [];
    const sent: number[][] = [];
    const b = new Batcher<number>(2, 10, (items) => {
      sent.push(items);
      const g = gate();
      gates.push(g);
      return g.done;
    }, 1);
    await b.push(1, 2);
    await b.push(3);
    await new Promise((r) => setTimeout(r, 40));
    expect(sent).toEqual([[1, 2]]);
    gates[0]!.open();
    await tick();
    await tick();
    expect(sent).toEqual([[1, 2], [3]]);
    gates[1]!.open();
    await b.flush();
  });

  it("settles each batch with the cover given before its last input's items, not a later one", async () => {
    const settled: [string[], string | undefined][] = [];
    const gates: ReturnType<typeof gate>[] = [];
    const b = new Batcher<string, string>(
      3,
      1000,
      () => {
        const g = gate();
        gates.push(g);
        return g.done;
      },
      2,
      (items, covered) => void settled.push([items, covered]),
    );
    // Input "tx1" gives two items, "tx2" one: the batch fills and leaves covering tx2.
    b.cover("tx1");
    await b.push("a", "b");
    b.cover("tx2");
    await b.push("c");
    // The next input is covered while the first batch is still out; that batch keeps tx2.
    b.cover("tx3");
    await b.push("d");
    gates[0]!.open();
    await tick();
    expect(settled).toEqual([[["a", "b", "c"], "tx2"]]);
    const flushed = b.flush();
    await tick();
    gates[1]!.open();
    await flushed;
    expect(settled).toEqual([
      [["a", "b", "c"], "tx2"],
      [["d"], "tx3"],
    ]);
  });
});
