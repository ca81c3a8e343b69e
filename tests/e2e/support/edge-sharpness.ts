import { PNG } from 'pngjs';

/**
 * How crisp the cyan district edges of a map screenshot are: steep steps (green changing by 60 or
 * more between two horizontally adjacent pixels, on the cyan map, red low enough to leave out the
 * white labels) per full-bright edge pixel (green ≥ 200). An edge drawn at the screen's
 * resolution steps up and down within a pixel; the same edge drawn at half resolution and
 * stretched by CSS climbs over two pixels in half steps, and hardly any step is steep. A sharp
 * map at twice the resolution has twice the bright pixels per step of one at 1080p (its lines
 * are twice as wide), so it scores about half of the 1080p map; a stretched one far less.
 */
export function edgeSharpness(png: Buffer): { steepSteps: number; brightPixels: number } {
  const { data, width, height } = PNG.sync.read(png);
  let steep = 0;
  let bright = 0;
  const isMap = (offset: number) =>
    (data[offset] ?? 0) <= 150 && (data[offset + 2] ?? 0) >= (data[offset + 1] ?? 0);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 4;
      if (!isMap(offset)) continue;
      const green = data[offset + 1] ?? 0;
      if (green >= 200) bright += 1;
      if (x + 1 < width && isMap(offset + 4) && Math.abs((data[offset + 5] ?? 0) - green) >= 60) {
        steep += 1;
      }
    }
  }
  return { steepSteps: steep, brightPixels: bright };
}
