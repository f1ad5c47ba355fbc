/**
 * Draws view models to PNG with Skia (@napi-rs/canvas): the token chart, the "no data" picture
 * and the shareable cards. Everything here is synchronous CPU work: call it from a render worker
 * thread (see pool.ts), never on the bot's event loop.
 *
 * Dark theme, 1200×675 (16:9, Telegram's preview shows it uncropped), type sizes chosen to stay
 * legible at the ~400 px a phone shows before the user taps.
 */
import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import type { ChartView, NoDataView, TradeMark } from "../domain/charts/chart.js";
import type { CardView, Tone } from "../domain/charts/cards.js";
import { isSubscriptDigit } from "../domain/charts/format.js";
import { ensureFonts, font } from "./fonts.js";

export type RenderJob = ChartView | NoDataView | CardView;

export const THEME = {
  bg: "#0e1117",
  panel: "#151a23",
  grid: "#232a36",
  axis: "#3a4354",
  text: "#e8ebf1",
  muted: "#8a93a6",
  up: "#22c55e",
  down: "#ef4444",
  flat: "#cbd2dd",
  smartBuy: "#2dd4bf",
  smartSell: "#f472b6",
  walletBuy: "#60a5fa",
  walletSell: "#fbbf24",
  tiers: { S: "#f5c542", A: "#a78bfa", B: "#60a5fa" } as Record<string, string>,
};

const toneColor = (tone: Tone): string => (tone === "up" ? THEME.up : tone === "down" ? THEME.down : THEME.flat);

type Align = "left" | "right" | "center";

/**
 * Draws text whose subscript digits (the zero count of tiny prices, "0.0₄1234") are drawn as
 * smaller lowered digits, since the bundled font has no subscript glyphs. Returns the width.
 */
export function drawText(ctx: SKRSContext2D, text: string, x: number, y: number, size: number, weight: "normal" | "bold" = "normal", align: Align = "left"): number {
  const runs: { text: string; sub: boolean }[] = [];
  for (const ch of text) {
    const sub = isSubscriptDigit(ch);
    const s = sub ? String("₀₁₂₃₄₅₆₇₈₉".indexOf(ch)) : ch;
    const lastRun = runs[runs.length - 1];
    if (lastRun && lastRun.sub === sub) lastRun.text += s;
    else runs.push({ text: s, sub });
  }
  const subSize = Math.round(size * 0.68);
  const widths = runs.map((r) => {
    ctx.font = font(r.sub ? subSize : size, weight);
    return ctx.measureText(r.text).width;
  });
  const total = widths.reduce((a, b) => a + b, 0);
  let cx = align === "left" ? x : align === "right" ? x - total : x - total / 2;
  ctx.textAlign = "left";
  runs.forEach((r, i) => {
    ctx.font = font(r.sub ? subSize : size, weight);
    ctx.fillText(r.text, cx, r.sub ? y + size * 0.22 : y);
    cx += widths[i]!;
  });
  return total;
}

function newCanvas(width: number, height: number) {
  ensureFonts();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = THEME.bg;
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = "alphabetic";
  return { canvas, ctx };
}

function markColor(m: Pick<TradeMark, "kind" | "side">): string {
  if (m.kind === "wallet") return m.side === "buy" ? THEME.walletBuy : THEME.walletSell;
  return m.side === "buy" ? THEME.smartBuy : THEME.smartSell;
}

/** A triangle for smart money (▲ buy below the price, ▼ sell above), a lettered disc for the chosen wallet. */
function drawMarker(ctx: SKRSContext2D, m: Pick<TradeMark, "kind" | "side">, x: number, y: number, r: number): void {
  ctx.fillStyle = markColor(m);
  ctx.strokeStyle = THEME.bg;
  ctx.lineWidth = 2;
  ctx.beginPath();
  if (m.kind === "wallet") {
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = THEME.bg;
    drawText(ctx, m.side === "buy" ? "B" : "S", x, y + r * 0.45, Math.round(r * 1.25), "bold", "center");
    return;
  }
  const dir = m.side === "buy" ? -1 : 1; // buy points up
  ctx.moveTo(x, y + dir * r);
  ctx.lineTo(x - r, y - dir * r * 0.8);
  ctx.lineTo(x + r, y - dir * r * 0.8);
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
}

/** The token chart. */
export function drawChart(view: ChartView): Buffer {
  const { width: W, height: H } = view;
  const { canvas, ctx } = newCanvas(W, H);
  const left = 36;
  const right = W - 124;
  const top = 118;
  const bottom = H - 64;
  const volumeH = Math.round((bottom - top) * 0.2);
  const priceBottom = bottom - volumeH - 14;
  const plotW = right - left;
  const span = view.x.to - view.x.from;
  const xOf = (t: number) => left + ((t - view.x.from) / span) * plotW;
  const slotW = (view.bucket / span) * plotW;
  const project = view.y.log ? (p: number) => Math.log10(Math.max(p, Number.MIN_VALUE)) : (p: number) => p;
  const yLo = project(view.y.min);
  const yRange = project(view.y.max) - yLo;
  const yOf = (p: number) => priceBottom - ((project(p) - yLo) / yRange) * (priceBottom - top);
  const clampY = (y: number) => Math.min(priceBottom, Math.max(top, y));

  // Header: title and subtitle left, price and change right.
  ctx.fillStyle = THEME.text;
  const titleW = drawText(ctx, view.title, left, 58, 38, "bold");
  ctx.fillStyle = THEME.muted;
  drawText(ctx, view.subtitle, left + titleW + 16, 58, 22);
  ctx.fillStyle = THEME.text;
  drawText(ctx, view.price, W - 36, 56, 36, "bold", "right");
  if (view.change !== null) {
    ctx.fillStyle = view.trend > 0 ? THEME.up : view.trend < 0 ? THEME.down : THEME.flat;
    drawText(ctx, view.change, W - 36, 92, 26, "bold", "right");
  }

  // Panels and grid.
  ctx.fillStyle = THEME.panel;
  ctx.fillRect(left, top, plotW, priceBottom - top);
  ctx.fillRect(left, bottom - volumeH, plotW, volumeH);
  ctx.lineWidth = 1;
  ctx.strokeStyle = THEME.grid;
  ctx.fillStyle = THEME.muted;
  for (const tick of view.y.ticks) {
    const y = Math.round(yOf(tick.at)) + 0.5;
    if (y < top - 1 || y > priceBottom + 1) continue;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    drawText(ctx, tick.label, right + 10, y + 7, 19);
  }
  for (const tick of view.x.ticks) {
    const x = Math.round(xOf(tick.at)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    drawText(ctx, tick.label, x, bottom + 30, 19, "normal", "center");
  }

  // Price: candles, or a line with an area when there are too few buckets for candles.
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, plotW, priceBottom - top);
  ctx.clip();
  if (view.style === "candles") {
    const bodyW = Math.max(2, Math.min(24, slotW * 0.7));
    for (const c of view.candles) {
      const cx = xOf(c.t) + slotW / 2;
      const color = c.c >= c.o ? THEME.up : THEME.down;
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = Math.max(1, Math.min(2, bodyW / 6));
      ctx.beginPath();
      ctx.moveTo(Math.round(cx) + 0.5, clampY(yOf(c.h)));
      ctx.lineTo(Math.round(cx) + 0.5, clampY(yOf(c.l)));
      ctx.stroke();
      const y1 = yOf(Math.max(c.o, c.c));
      const y2 = yOf(Math.min(c.o, c.c));
      ctx.fillRect(cx - bodyW / 2, y1, bodyW, Math.max(1.5, y2 - y1));
    }
  } else {
    const pts = view.candles.map((c) => [xOf(c.t) + slotW / 2, yOf(c.c)] as const);
    const color = view.trend < 0 ? THEME.down : THEME.up;
    const gradient = ctx.createLinearGradient(0, top, 0, priceBottom);
    gradient.addColorStop(0, color + "55");
    gradient.addColorStop(1, color + "00");
    ctx.beginPath();
    pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    ctx.lineTo(pts[pts.length - 1]![0], priceBottom);
    ctx.lineTo(pts[0]![0], priceBottom);
    ctx.closePath();
    ctx.fillStyle = gradient;
    ctx.fill();
    ctx.beginPath();
    pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    ctx.strokeStyle = color;
    ctx.lineWidth = 3;
    ctx.stroke();
    ctx.fillStyle = color;
    for (const [x, y] of pts) {
      ctx.beginPath();
      ctx.arc(x, y, 4, 0, Math.PI * 2);
      ctx.fill();
    }
  }

  // Marks: buys under the price, sells over it, with a count when several trades share one.
  const r = 9;
  for (const m of view.marks) {
    const x = xOf(m.t) + slotW / 2;
    const y = clampY(yOf(m.price) + (m.side === "buy" ? r + 6 : -(r + 6)));
    drawMarker(ctx, m, x, y, r);
    if (m.count > 1 && slotW >= 14) {
      ctx.fillStyle = THEME.text;
      drawText(ctx, `×${m.count}`, x + r + 3, y + 5, 14, "bold");
    }
  }
  ctx.restore();

  // Volume: buys from the floor, sells stacked on top.
  if (view.volume.max > 0) {
    const vBottom = bottom;
    const scale = (volumeH - 6) / view.volume.max;
    const barW = Math.max(1.5, slotW * 0.7);
    for (const v of view.volume.bars) {
      const x = xOf(v.t) + slotW / 2 - barW / 2;
      const hb = v.buy * scale;
      const hs = v.sell * scale;
      ctx.fillStyle = THEME.up + "b3";
      ctx.fillRect(x, vBottom - hb, barW, hb);
      ctx.fillStyle = THEME.down + "b3";
      ctx.fillRect(x, vBottom - hb - hs, barW, hs);
    }
  }
  ctx.fillStyle = THEME.muted;
  drawText(ctx, view.volume.label, right + 10, bottom - volumeH + 20, 18);

  // Legend in the price panel's top left; footer under the time axis.
  let lx = left + 14;
  for (const item of view.legend) {
    ctx.fillStyle = THEME.bg + "cc";
    ctx.font = font(18);
    const w = ctx.measureText(item.label).width;
    ctx.fillRect(lx - 6, top + 8, w + 40, 30);
    drawMarker(ctx, item, lx + 9, top + 23, 8);
    ctx.fillStyle = THEME.text;
    drawText(ctx, item.label, lx + 24, top + 30, 18);
    lx += w + 52;
  }
  ctx.fillStyle = THEME.muted;
  drawText(ctx, view.footer, W - 36, H - 8, 17, "normal", "right");
  drawText(ctx, "PumpSpace", left, H - 8, 17, "bold");
  return canvas.encodeSync("png");
}

/** A chart with nothing to draw says so, in words, instead of an empty frame. */
export function drawNoData(view: NoDataView): Buffer {
  const { width: W, height: H } = view;
  const { canvas, ctx } = newCanvas(W, H);
  ctx.fillStyle = THEME.panel;
  ctx.fillRect(36, 36, W - 72, H - 72);
  ctx.fillStyle = THEME.text;
  drawText(ctx, view.title, W / 2, H / 2 - 60, 40, "bold", "center");
  drawText(ctx, view.message, W / 2, H / 2 + 10, 34, "normal", "center");
  ctx.fillStyle = THEME.muted;
  drawText(ctx, view.detail, W / 2, H / 2 + 64, 24, "normal", "center");
  drawText(ctx, "PumpSpace", W / 2, H - 64, 20, "bold", "center");
  return canvas.encodeSync("png");
}

/** The shareable card (wallet PnL, caller): title and badge, a stats row, a list, a small curve. */
export function drawCard(view: CardView): Buffer {
  const { width: W, height: H } = view;
  const { canvas, ctx } = newCanvas(W, H);
  const pad = 48;

  ctx.fillStyle = THEME.text;
  drawText(ctx, view.title, pad, 84, 46, "bold");
  ctx.fillStyle = THEME.muted;
  drawText(ctx, fitText(ctx, view.subtitle, W - pad * 2 - 180, 20), pad, 122, 20);

  if (view.badge) {
    const cx = W - pad - 64;
    const cy = 84;
    const color = view.badge.tier ? THEME.tiers[view.badge.tier]! : THEME.axis;
    ctx.fillStyle = color + "33";
    ctx.strokeStyle = color;
    ctx.lineWidth = 4;
    ctx.beginPath();
    ctx.arc(cx, cy, 52, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = view.badge.tier ? color : THEME.text;
    const size = view.badge.text.length <= 2 ? 52 : view.badge.text.length <= 4 ? 32 : 20;
    drawText(ctx, view.badge.text, cx, cy + size * 0.36, size, "bold", "center");
    ctx.fillStyle = THEME.muted;
    drawText(ctx, view.badge.caption, cx, cy + 80, 18, "normal", "center");
  }

  // Stats row.
  const statTop = 172;
  const statW = (W - pad * 2) / Math.max(1, view.stats.length);
  view.stats.forEach((s, i) => {
    const x = pad + i * statW;
    ctx.fillStyle = THEME.panel;
    ctx.fillRect(x, statTop, statW - 14, 112);
    ctx.fillStyle = THEME.muted;
    drawText(ctx, s.label, x + 18, statTop + 36, 20);
    ctx.fillStyle = toneColor(s.tone);
    const valueW = drawText(ctx, fitText(ctx, s.value, statW - 48, 34, "bold"), x + 18, statTop + 86, 34, "bold");
    if (s.detail !== "") {
      ctx.font = font(20);
      if (valueW + ctx.measureText(s.detail).width + 26 <= statW - 32) {
        ctx.fillStyle = THEME.muted;
        drawText(ctx, s.detail, x + 18 + valueW + 8, statTop + 86, 20);
      } else {
        ctx.fillStyle = THEME.muted;
        drawText(ctx, s.detail, x + statW - 32, statTop + 36, 20, "normal", "right");
      }
    }
  });

  // List (left) and curve (right).
  const listTop = 326;
  const listW = view.curve ? (W - pad * 2) * 0.48 : W - pad * 2;
  ctx.fillStyle = THEME.text;
  drawText(ctx, view.listTitle, pad, listTop, 24, "bold");
  if (view.rows.length === 0) {
    ctx.fillStyle = THEME.muted;
    drawText(ctx, view.emptyRows, pad, listTop + 50, 22);
  }
  view.rows.forEach((row, i) => {
    const y = listTop + 48 + i * 46;
    ctx.fillStyle = THEME.text;
    drawText(ctx, `${i + 1}. ${fitText(ctx, row.name, listW * 0.45, 24)}`, pad, y, 24);
    ctx.fillStyle = toneColor(row.tone);
    drawText(ctx, row.value, pad + listW * 0.72, y, 24, "bold", "right");
    ctx.fillStyle = THEME.muted;
    drawText(ctx, row.detail, pad + listW, y, 22, "normal", "right");
  });

  if (view.curve) {
    const c = view.curve;
    const x0 = pad + listW + 40;
    const x1 = W - pad;
    const y0 = listTop + 24;
    const y1 = H - 78;
    ctx.fillStyle = THEME.text;
    drawText(ctx, c.label, x0, listTop, 24, "bold");
    ctx.fillStyle = THEME.panel;
    ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    const t0 = c.points[0]!.t;
    const tSpan = Math.max(1, c.points[c.points.length - 1]!.t - t0);
    const vSpan = c.max - c.min || 1;
    const px = (t: number) => x0 + 10 + ((t - t0) / tSpan) * (x1 - x0 - 20);
    const py = (v: number) => y1 - 10 - ((v - c.min) / vSpan) * (y1 - y0 - 20);
    ctx.strokeStyle = THEME.axis;
    ctx.lineWidth = 1;
    ctx.setLineDash([6, 6]);
    ctx.beginPath();
    ctx.moveTo(x0, Math.round(py(0)) + 0.5);
    ctx.lineTo(x1, Math.round(py(0)) + 0.5);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.strokeStyle = toneColor(c.tone);
    ctx.lineWidth = 3;
    ctx.beginPath();
    c.points.forEach((p, i) => (i === 0 ? ctx.moveTo(px(p.t), py(p.v)) : ctx.lineTo(px(p.t), py(p.v))));
    ctx.stroke();
  }

  ctx.fillStyle = THEME.muted;
  drawText(ctx, view.footer, pad, H - 30, 18);
  return canvas.encodeSync("png");
}

/** Cuts `text` with an ellipsis to fit `maxW` at the given size. */
function fitText(ctx: SKRSContext2D, text: string, maxW: number, size: number, weight: "normal" | "bold" = "normal"): string {
  ctx.font = font(size, weight);
  if (ctx.measureText(text).width <= maxW) return text;
  let chars = [...text];
  while (chars.length > 1 && ctx.measureText(chars.join("") + "…").width > maxW) chars = chars.slice(0, -1);
  return chars.join("") + "…";
}

/** Renders any job to PNG bytes. */
export function renderJob(job: RenderJob): Buffer {
  switch (job.kind) {
    case "chart":
      return drawChart(job);
    case "no-data":
      return drawNoData(job);
    case "card":
      return drawCard(job);
  }
}
