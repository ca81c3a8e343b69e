// NOAA's low-precision solar equations: good to a minute or two, plenty for street lights.

const RAD = Math.PI / 180;

/** Local (UTC+8) hours of sunrise and sunset on day-of-year `dayOfYear` at `lon`, `lat`. */
export function sunTimes(
  dayOfYear: number,
  lon: number,
  lat: number,
): { sunrise: number; sunset: number } {
  const g = ((2 * Math.PI) / 365) * Math.floor(dayOfYear);
  const eqTimeMin =
    229.18 *
    (0.000075 +
      0.001868 * Math.cos(g) -
      0.032077 * Math.sin(g) -
      0.014615 * Math.cos(2 * g) -
      0.040849 * Math.sin(2 * g));
  const decl =
    0.006918 -
    0.399912 * Math.cos(g) +
    0.070257 * Math.sin(g) -
    0.006758 * Math.cos(2 * g) +
    0.000907 * Math.sin(2 * g) -
    0.002697 * Math.cos(3 * g) +
    0.00148 * Math.sin(3 * g);
  const phi = lat * RAD;
  const cosHa =
    Math.cos(90.833 * RAD) / (Math.cos(phi) * Math.cos(decl)) - Math.tan(phi) * Math.tan(decl);
  const haDeg = Math.acos(Math.min(1, Math.max(-1, cosHa))) / RAD;
  const toLocalHours = (utcMinutes: number): number => (utcMinutes + 480) / 60;
  return {
    sunrise: toLocalHours(720 - 4 * (lon + haDeg) - eqTimeMin),
    sunset: toLocalHours(720 - 4 * (lon - haDeg) - eqTimeMin),
  };
}
