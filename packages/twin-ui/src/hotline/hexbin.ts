// The hexagon a point falls into, exactly as deck.gl's HexagonLayer bins it (its hexbin.ts,
// adapted from d3-hexbin): the layer aggregates on the GPU and only tells the picked cell's
// column and row, so the orders of a clicked cell are found again here.

const distanceX = 2 * Math.sin(Math.PI / 3);
const distanceY = 1.5;

/** Column and row of the hexagon of `radius` containing (x, y), in the same units. */
export function toHexbin([x, y]: readonly [number, number], radius: number): [number, number] {
  const py = y / radius / distanceY;
  let row = Math.round(py);
  const px = x / radius / distanceX - (row & 1) / 2;
  let column = Math.round(px);
  const dy1 = py - row;
  if (Math.abs(dy1) * 3 > 1) {
    const dx1 = px - column;
    const column2 = column + (px < column ? -1 : 1) / 2;
    const row2 = row + (py < row ? -1 : 1);
    const dx2 = px - column2;
    const dy2 = py - row2;
    if (dx1 * dx1 + dy1 * dy1 > dx2 * dx2 + dy2 * dy2) {
      column = column2 + (row & 1 ? 1 : -1) / 2;
      row = row2;
    }
  }
  // `+ 0` turns Math.round's -0 into 0.
  return [column + 0, row + 0];
}
