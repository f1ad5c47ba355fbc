/**
 * PNG checks for tests and tools: the size from the IHDR chunk (no decoding), and a pixel
 * comparison of two images over raw RGBA with a per-channel tolerance, for reference images
 * that must match within anti-aliasing noise.
 */
import { createCanvas, loadImage } from "@napi-rs/canvas";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's header; throws when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(PNG_SIGNATURE) || buf.toString("latin1", 12, 16) !== "IHDR") {
    throw new Error("not a PNG (bad signature or no IHDR first)");
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Decodes a PNG to RGBA pixels. */
export async function decodeRgba(png: Uint8Array): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

export interface ImageDiff {
  /** Pixels where some channel differs by more than the tolerance. */
  differing: number;
  /** `differing` over all pixels. */
  ratio: number;
  /** The largest channel difference seen. */
  maxDelta: number;
}

/** Compares two PNGs pixel by pixel; images of different sizes differ entirely. */
export async function compareImages(a: Uint8Array, b: Uint8Array, channelTolerance = 24): Promise<ImageDiff> {
  const [x, y] = await Promise.all([decodeRgba(a), decodeRgba(b)]);
  if (x.width !== y.width || x.height !== y.height) return { differing: Math.max(x.width * x.height, y.width * y.height), ratio: 1, maxDelta: 255 };
  let differing = 0;
  let maxDelta = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    let worst = 0;
    for (let c = 0; c < 4; c++) worst = Math.max(worst, Math.abs(x.data[i + c]! - y.data[i + c]!));
    if (worst > maxDelta) maxDelta = worst;
    if (worst > channelTolerance) differing++;
  }
  return { differing, ratio: differing / (x.width * x.height), maxDelta };
}
