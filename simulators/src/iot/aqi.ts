// 空气质量指数 AQI per HJ 633-2012 (China's Technical Regulation on Ambient Air Quality Index).

/** A pollutant the simulated stations measure, with the averaging the breakpoints assume. */
export type AqiPollutant = 'pm25' | 'pm10' | 'o3' | 'no2';

const iaqiSteps = [0, 50, 100, 150, 200, 300, 400, 500] as const;

// Concentration limits (µg/m³) matching iaqiSteps, table 1 of HJ 633-2012. PM has only
// 24-hour limits, which real-time (hourly) AQI applies to the current reading; O3 and NO2
// use their 1-hour limits, as the hourly AQI published by Chinese stations does.
const breakpoints: Record<AqiPollutant, readonly number[]> = {
  pm25: [0, 35, 75, 115, 150, 250, 350, 500],
  pm10: [0, 50, 150, 250, 350, 420, 500, 600],
  o3: [0, 160, 200, 300, 400, 800, 1000, 1200],
  no2: [0, 100, 200, 700, 1200, 2340, 3090, 3840],
};

/** Individual air quality index (IAQI) of one pollutant's concentration in µg/m³; capped at 500. */
export function iaqi(pollutant: AqiPollutant, concentration: number): number {
  const limits = breakpoints[pollutant];
  if (!(concentration > 0)) return 0;
  for (let i = 1; i < limits.length; i++) {
    const hi = limits[i] ?? Infinity;
    if (concentration <= hi) {
      const lo = limits[i - 1] ?? 0;
      const iaqiLo = iaqiSteps[i - 1] ?? 0;
      const iaqiHi = iaqiSteps[i] ?? 500;
      const value = ((iaqiHi - iaqiLo) / (hi - lo)) * (concentration - lo) + iaqiLo;
      // HJ 633 rounds every index up; the epsilon stops float error turning 50.000…01 into 51.
      return Math.ceil(value - 1e-9);
    }
  }
  return 500;
}

/** AQI: the largest IAQI over the given concentrations (µg/m³). */
export function aqiOf(concentrations: Partial<Record<AqiPollutant, number>>): number {
  let aqi = 0;
  for (const [pollutant, value] of Object.entries(concentrations) as [
    AqiPollutant,
    number | undefined,
  ][]) {
    if (value !== undefined) aqi = Math.max(aqi, iaqi(pollutant, value));
  }
  return aqi;
}
