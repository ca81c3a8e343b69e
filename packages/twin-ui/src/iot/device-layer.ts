import {
  CompositeLayer,
  type CompositeLayerProps,
  type DefaultProps,
  type PickingInfo,
} from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Rgba } from '../air-quality/aqi-band.ts';
import { toDeviceColor } from './device-colors.ts';
import type { DevicePoint } from './iot-types.ts';

type _DeviceLayerProps = {
  /** Devices of one type; replace the array to update them. */
  devices: readonly DevicePoint[];
  /** Dot radius in pixels. */
  radiusPixels?: number;
};

export type DeviceLayerProps = _DeviceLayerProps & CompositeLayerProps;

const withAlpha = ([r, g, b]: Rgba, alpha: number): Rgba => [r, g, b, alpha];

/** Devices as dots in their state's colour; those in alert or silent get a halo. */
export class DeviceLayer extends CompositeLayer<Required<_DeviceLayerProps>> {
  static override layerName = 'DeviceLayer';
  static override defaultProps: DefaultProps<DeviceLayerProps> = {
    devices: { type: 'array', value: [] },
    radiusPixels: { type: 'number', value: 4 },
  };

  override renderLayers() {
    const { radiusPixels } = this.props;
    const devices = this.props.devices as DevicePoint[];
    const flagged = devices.filter(
      (device) => device.state === 'alert' || device.state === 'silent',
    );
    return [
      new ScatterplotLayer<DevicePoint>(this.getSubLayerProps({ id: 'halo' }), {
        data: flagged,
        pickable: false,
        radiusUnits: 'pixels',
        getPosition: (device) => device.position,
        getRadius: radiusPixels * 3,
        getFillColor: (device) => withAlpha(toDeviceColor(device), 80),
        stroked: false,
      }),
      new ScatterplotLayer<DevicePoint>(this.getSubLayerProps({ id: 'dots' }), {
        data: devices,
        radiusUnits: 'pixels',
        getPosition: (device) => device.position,
        getRadius: (device) =>
          device.state === 'alert' || device.state === 'silent' ? radiusPixels * 1.6 : radiusPixels,
        getFillColor: (device) => toDeviceColor(device),
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        getLineColor: [10, 20, 35, 200],
        autoHighlight: true,
        highlightColor: [255, 255, 255, 120],
      }),
    ];
  }
}

/** The device under the pointer, if the picked layer is a DeviceLayer. */
export function toPickedDevice(info: PickingInfo): DevicePoint | null {
  return info.layer instanceof DeviceLayer && info.object ? (info.object as DevicePoint) : null;
}
