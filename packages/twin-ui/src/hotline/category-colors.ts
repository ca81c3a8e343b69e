import type { Rgba } from '../air-quality/aqi-band.ts';
import type { TicketCategory } from './hotline-types.ts';

/** One colour per category (Tableau 10, brightened for the dark screen). */
const categoryColors: Record<TicketCategory, Rgba> = {
  heating: [242, 142, 43, 255],
  roads: [237, 201, 72, 255],
  wages: [225, 87, 89, 255],
  education: [201, 144, 192, 255],
  social_insurance: [127, 214, 208, 255],
  housing: [106, 159, 224, 255],
  environment: [114, 194, 101, 255],
  traffic: [255, 157, 167, 255],
  water_power: [200, 160, 127, 255],
  other: [186, 176, 172, 255],
};

/** The colour of a category; unknown categories are drawn as `other`. */
export function toCategoryColor(category: string | null): Rgba {
  return categoryColors[(category ?? 'other') as TicketCategory] ?? categoryColors.other;
}

/** Hexagon colours by order count, low to high: blue to amber to red. */
export const hexagonColorRange: Rgba[] = [
  [28, 76, 150, 190],
  [36, 130, 200, 200],
  [64, 196, 220, 210],
  [246, 210, 80, 220],
  [255, 140, 40, 230],
  [255, 64, 72, 240],
];
