import type { Rgba } from '../air-quality/aqi-band.ts';
import type { Severity } from './alert-types.ts';

/** Severity colours: 4 critical red, 3 major orange, 2 minor yellow, 1 info blue. */
const severityColors: Readonly<Record<Severity, Rgba>> = {
  4: [255, 59, 72, 255],
  3: [255, 140, 26, 255],
  2: [255, 214, 10, 255],
  1: [41, 150, 255, 255],
};

export function toSeverityColor(severity: Severity): Rgba {
  return severityColors[severity];
}

/** The catalogue key of a severity's name: 紧急 严重 一般 提示. */
export function toSeverityKey(severity: Severity): `alerts.severity.s${Severity}` {
  return `alerts.severity.s${severity}`;
}
