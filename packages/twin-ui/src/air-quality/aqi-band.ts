/** RGBA colour, 0–255 per channel. */
export type Rgba = [r: number, g: number, b: number, a: number];

/** Chinese AQI categories (HJ 633-2012), plus 'noData' for a station without a reading. */
export type AqiBandId =
  | 'excellent'
  | 'good'
  | 'lightlyPolluted'
  | 'moderatelyPolluted'
  | 'heavilyPolluted'
  | 'severelyPolluted';

export type AqiBand = {
  id: AqiBandId;
  /** Inclusive lower and upper AQI bound; the last band is open-ended. */
  min: number;
  max: number;
  /** The standard's colour. */
  color: Rgba;
};

/** The six bands in order: 优 良 轻度污染 中度污染 重度污染 严重污染, with the standard's colours. */
export const aqiBands: readonly AqiBand[] = [
  { id: 'excellent', min: 0, max: 50, color: [0, 228, 0, 255] },
  { id: 'good', min: 51, max: 100, color: [255, 255, 0, 255] },
  { id: 'lightlyPolluted', min: 101, max: 150, color: [255, 126, 0, 255] },
  { id: 'moderatelyPolluted', min: 151, max: 200, color: [255, 0, 0, 255] },
  { id: 'heavilyPolluted', min: 201, max: 300, color: [153, 0, 76, 255] },
  { id: 'severelyPolluted', min: 301, max: Number.POSITIVE_INFINITY, color: [126, 0, 35, 255] },
];

/** Grey for a station that has not reported an AQI. */
export const noDataColor: Rgba = [120, 140, 160, 255];

/** The band of an AQI value. AQI is reported as an integer; fractions round up into the next band. */
export function toAqiBand(aqi: number): AqiBand {
  const value = Math.max(0, aqi);
  const band = aqiBands.find((candidate) => value <= candidate.max);
  // The last band is open-ended, so find() only misses for NaN.
  return band ?? (aqiBands[aqiBands.length - 1] as AqiBand);
}

export function toAqiColor(aqi: number | null): Rgba {
  return aqi === null ? noDataColor : toAqiBand(aqi).color;
}

/** CSS colour for an AQI band colour. */
export function toCssColor([r, g, b, a]: Rgba): string {
  return `rgba(${r}, ${g}, ${b}, ${a / 255})`;
}
