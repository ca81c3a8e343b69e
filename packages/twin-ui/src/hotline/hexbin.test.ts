import { describe, expect, it } from 'vitest';
import { toHexbin } from './hexbin.ts';

// Centre of cell (column, row) in deck.gl's hexbin layout (pointy-top, odd rows shifted right).
const centre = ([column, row]: [number, number], radius: number): [number, number] => [
  (column + (row & 1) / 2) * radius * 2 * Math.sin(Math.PI / 3),
  row * radius * 1.5,
];

describe('toHexbin', () => {
  it('bins a cell centre, and every point well inside the cell, to that cell', () => {
    const radius = 3;
    // Inside the inscribed circle (radius × √3/2) a point belongs to one hexagon only.
    const inner = radius * (Math.sqrt(3) / 2) * 0.95;
    for (let column = -4; column <= 4; column += 1) {
      for (let row = -5; row <= 5; row += 1) {
        const [cx, cy] = centre([column, row], radius);
        expect(toHexbin([cx, cy], radius)).toEqual([column, row]);
        for (let step = 0; step < 12; step += 1) {
          const angle = (step / 12) * 2 * Math.PI + 0.1;
          const point: [number, number] = [
            cx + Math.cos(angle) * inner,
            cy + Math.sin(angle) * inner,
          ];
          expect(toHexbin(point, radius), `${column},${row} at ${step}`).toEqual([column, row]);
        }
      }
    }
  });
});
