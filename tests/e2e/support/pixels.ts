import { PNG } from 'pngjs';

/** An RGB colour, 0–255 per channel. */
export type Rgb = [r: number, g: number, b: number];

/** Fraction (0–1) of the pixels of a PNG screenshot for which `predicate` holds. */
export function fractionOfPixels(png: Buffer, predicate: (rgb: Rgb) => boolean): number {
  const image = PNG.sync.read(png);
  const { data, width, height } = image;
  let matching = 0;
  for (let offset = 0; offset < data.length; offset += 4) {
    if (predicate([data[offset] ?? 0, data[offset + 1] ?? 0, data[offset + 2] ?? 0])) matching += 1;
  }
  return matching / (width * height);
}

/**
 * A district pixel: the cyan edge or the translucent cyan fill over the navy map. Blue and
 * green clearly above red, and brighter than the navy background, whose channels stay below ~60.
 */
export function isDistrictCyan([r, g, b]: Rgb): boolean {
  return b >= 80 && g >= 60 && b - r >= 50 && g - r >= 35;
}

/**
 * A station dot: a saturated AQI band colour (green, yellow, orange, red), which neither the
 * navy map, the cyan districts nor the white labels have.
 */
export function isAqiBandColour([r, g, b]: Rgb): boolean {
  const warm = r >= 200 && b <= 90;
  const green = g >= 180 && r <= 80 && b <= 80;
  return warm || green;
}

/**
 * The centre (x, y in screenshot pixels) of the pixels for which `predicate` holds, or null
 * when none does: where to click a marker drawn in a colour nothing else on the map has.
 */
export function centroidOfPixels(
  png: Buffer,
  predicate: (rgb: Rgb) => boolean,
): { x: number; y: number } | null {
  const { data, width } = PNG.sync.read(png);
  let count = 0;
  let sumX = 0;
  let sumY = 0;
  for (let offset = 0; offset < data.length; offset += 4) {
    if (predicate([data[offset] ?? 0, data[offset + 1] ?? 0, data[offset + 2] ?? 0])) {
      const pixel = offset / 4;
      sumX += pixel % width;
      sumY += Math.floor(pixel / width);
      count += 1;
    }
  }
  return count === 0 ? null : { x: sumX / count, y: sumY / count };
}

/** Lit pixels: anything clearly brighter than the navy background. */
export function isLit([r, g, b]: Rgb): boolean {
  return r + g + b > 150;
}

/** A region of a screenshot, in its pixels. */
export type Box = { x: number; y: number; width: number; height: number };

/**
 * Fraction (0–1) of the pixels inside each box (clamped to the image) for which `predicate`
 * holds: one screenshot, decoded once, measured region by region (a 4K PNG is 8 million pixels).
 */
export function fractionsOfPixelsIn(
  png: Buffer,
  boxes: readonly Box[],
  predicate: (rgb: Rgb) => boolean,
): number[] {
  const { data, width, height } = PNG.sync.read(png);
  return boxes.map((box) => {
    const left = Math.max(0, Math.floor(box.x));
    const top = Math.max(0, Math.floor(box.y));
    const right = Math.min(width, Math.ceil(box.x + box.width));
    const bottom = Math.min(height, Math.ceil(box.y + box.height));
    if (right <= left || bottom <= top) return 0;
    let matching = 0;
    for (let y = top; y < bottom; y += 1) {
      const end = (y * width + right) * 4;
      for (let offset = (y * width + left) * 4; offset < end; offset += 4) {
        if (predicate([data[offset] ?? 0, data[offset + 1] ?? 0, data[offset + 2] ?? 0])) {
          matching += 1;
        }
      }
    }
    return matching / ((right - left) * (bottom - top));
  });
}
