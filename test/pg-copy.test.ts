// COPY through our own protocol handling on real Postgres: binary swap rows decode into the
// columns exactly (amounts past 2^53, NULL prices and times, quote mints), COPY text goes in with
// its escapes intact, and a failure on either side rejects and leaves the connection usable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SWAP_COPY_COLUMNS, SwapColumns } from "../core/data/swap-columns.js";
import { CopyText, copyField } from "../core/data/pg-copy.js";
import { copyTime } from "../core/data/wallet-copy.js";
import { USDC_MINT, WSOL_MINT } from "../core/domain/swap.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";

describe("COPY over pg", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    await db.sql.exec(
      `CREATE TABLE probe (id int PRIMARY KEY, trader text NOT NULL, mint_in text NOT NULL, amount_in numeric(40,0) NOT NULL,
         decimals_in int2 NOT NULL, mint_out text NOT NULL, amount_out numeric(20,0) NOT NULL, decimals_out int2 NOT NULL,
         price_sol float8, price_usd float8, slot int8 NOT NULL, block_time timestamptz(3));
       CREATE TABLE landing (t text, n float8, at timestamptz(3), j jsonb)`,
    );
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("reads binary swap rows into columns with every value exact", async () => {
    const rows = [
      [1, "TraderA", WSOL_MINT, "1000000000", 9, "MintX", "123456789012345678", 6, 1.5e-7, 2.25e-5, 300_000_001, "2026-10-01T00:00:00.999Z"],
      [2, "TraderB", "MintX", "18446744073709551615", 6, USDC_MINT, "9007199254740993", 6, null, null, 300_000_002, null],
      [3, "TraderA", "MintY", "0", 0, "MintX", "9007199254740991", 3, 0.1 + 0.2, "-0", 300_000_002, "1999-12-31T23:59:59.500Z"],
      [4, "TraderA", WSOL_MINT, "100000000000000000000", 9, "MintY", "10000", 6, Number.MAX_VALUE, 5e-324, 300_000_003, "2026-10-01T12:34:56Z"],
    ] as const;
    for (const r of rows) {
      await db.sql.query(
        `INSERT INTO probe VALUES ($1, $2, $3, $4::numeric, $5, $6, $7::numeric, $8, $9::float8, $10::float8, $11, $12::timestamptz)`,
        r as unknown as unknown[],
      );
    }
    const cols = new SwapColumns(2); // grows while reading
    let header = true;
    let messages = 0;
    const n = await db.sql.copyTo!(`COPY (SELECT ${SWAP_COPY_COLUMNS} FROM probe ORDER BY id) TO STDOUT (FORMAT binary)`, (row) => {
      cols.pushCopyRow(row, header);
      header = false;
      messages++;
    });
    expect(n).toBe(4);
    expect(messages).toBe(5); // a message per row, then the trailer
    expect(cols.length).toBe(4);
    expect(cols.wallets).toEqual(["TraderA", "TraderB"]);
    expect([0, 1, 2, 3].map((i) => cols.wallets[cols.wallet[i]!])).toEqual(["TraderA", "TraderB", "TraderA", "TraderA"]);
    expect(cols.swap(0)).toEqual({
      mintIn: WSOL_MINT, amountIn: 1_000_000_000n, decimalsIn: 9, mintOut: "MintX", amountOut: 123_456_789_012_345_678n,
      decimalsOut: 6, priceSol: 1.5e-7, priceUsd: 2.25e-5, slot: 300_000_001, blockTime: Date.UTC(2026, 9, 1) / 1000,
    });
    expect(cols.swap(1)).toMatchObject({ mintIn: "MintX", amountIn: 18_446_744_073_709_551_615n, mintOut: USDC_MINT, amountOut: 9_007_199_254_740_993n, priceSol: null, priceUsd: null, blockTime: null });
    const third = cols.swap(2);
    expect(third).toMatchObject({ amountIn: 0n, decimalsIn: 0, amountOut: 9_007_199_254_740_991n, priceSol: 0.1 + 0.2, slot: 300_000_002 });
    expect(Object.is(third.priceUsd, -0)).toBe(true);
    expect(third.blockTime).toBe(946_684_799); // rounded down, before Postgres's own epoch
    expect(cols.swap(3)).toMatchObject({ amountIn: 10n ** 20n, amountOut: 10_000n, priceSol: Number.MAX_VALUE, priceUsd: 5e-324 });

    // Grouped by wallet, chain order kept within each.
    const { order, start } = cols.byWallet();
    expect([...order.subarray(start[0]!, start[1]!)]).toEqual([0, 2, 3]);
    expect([...order.subarray(start[1]!, start[2]!)]).toEqual([1]);

    // The text rows of the fallback read give the same swaps.
    const again = new SwapColumns();
    for (const r of rows) {
      again.push(again.walletId(r[1]), again.mintId(r[2]), BigInt(r[3]), r[4], again.mintId(r[5]), BigInt(r[6]), r[7], r[8], r[9] === null ? null : Number(r[9]), r[10], r[11] === null ? null : Math.floor(Date.parse(r[11]) / 1000));
    }
    for (let i = 0; i < 4; i++) expect(again.swap(i)).toEqual(cols.swap(i));
  });

  it("writes COPY text with escapes, NULLs and times as stored", async () => {
    const values: [string | null, number | null, number | null, string][] = [
      ["tab\there, newline\nand back\\slash\r, naïve ✓", 0.1 + 0.2, 1_790_000_000, JSON.stringify({ a: "x\\y\"z", n: [1.5, -2e-7] })],
      [null, null, null, "[]"],
      ["\\N", Number.NaN, 59, "{}"],
    ];
    const text = new CopyText(8); // grows line by line
    for (const [t, n, at, j] of values) text.push([copyField(t), copyField(n), copyTime(at), copyField(j)].join("\t") + "\n");
    expect(await db.sql.copyFrom!(`COPY landing (t, n, at, j) FROM STDIN`, text.bytes())).toBe(3);
    const back = await db.sql.query<{ t: string | null; n: number | null; at: string | null; j: unknown }>(
      `SELECT t, n, extract(epoch FROM at)::float8::text AS at, j FROM landing ORDER BY landing.at NULLS LAST`,
    );
    expect(back).toEqual([
      { t: "\\N", n: Number.NaN, at: "59", j: {} },
      { t: values[0]![0], n: 0.1 + 0.2, at: "1790000000", j: { a: "x\\y\"z", n: [1.5, -2e-7] } },
      { t: null, n: null, at: null, j: [] },
    ]);
  });

  it("rejects on a bad row or a throwing reader and keeps the connection working", async () => {
    await expect(db.sql.copyFrom!(`COPY landing (t, n) FROM STDIN`, "ok\tnot-a-number\n")).rejects.toThrow(/double precision/);
    await expect(
      db.sql.copyTo!(`COPY (SELECT g FROM generate_series(1, 1000) g) TO STDOUT`, (row) => {
        if (row.toString().startsWith("7")) throw new Error("reader gave up");
      }),
    ).rejects.toThrow("reader gave up");
    // Inside a transaction, the same connection carries on after a COPY.
    const n = await db.sql.transaction(async (tx) => {
      await tx.copyFrom!(`COPY landing (t) FROM STDIN`, "after\n");
      return (await tx.query<{ n: string }>(`SELECT count(*) AS n FROM landing WHERE t = 'after'`))[0]!.n;
    });
    expect(n).toBe("1");
    expect(await db.sql.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });
});
