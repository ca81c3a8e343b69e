import type { Rgba } from '../air-quality/aqi-band.ts';
import { toSeverityColor } from '../alerts/severity.ts';
import type { DevicePoint, DeviceState } from './iot-types.ts';

const stateColors: Readonly<Record<Exclude<DeviceState, 'alert'>, Rgba>> = {
  normal: [0, 214, 143, 255],
  silent: [150, 128, 230, 255],
  unknown: [120, 134, 150, 255],
};

/** The colour of a state; alerts take their severity's colour (major when unknown). */
export function toStateColor(state: DeviceState, severity: DevicePoint['alertSeverity']): Rgba {
  return state === 'alert' ? toSeverityColor(severity ?? 3) : stateColors[state];
}

/** A device's dot colour. */
export function toDeviceColor(device: Pick<DevicePoint, 'state' | 'alertSeverity'>): Rgba {
  return toStateColor(device.state, device.alertSeverity);
}
