import {
  CompositeLayer,
  type CompositeLayerProps,
  type DefaultProps,
  type PickingInfo,
} from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Rgba } from '../air-quality/aqi-band.ts';
import { toCameraColor } from './camera-colors.ts';
import type { CameraPoint } from './video-types.ts';

type _CameraLayerProps = {
  /** Cameras; replace the array to update them. */
  cameras: readonly CameraPoint[];
  /** Marker radius in pixels. */
  radiusPixels?: number;
};

export type CameraLayerProps = _CameraLayerProps & CompositeLayerProps;

const withAlpha = ([r, g, b]: Rgba, alpha: number): Rgba => [r, g, b, alpha];

/** Cameras as rings in their state's colour (filled while in alert), alerts with a halo. */
export class CameraLayer extends CompositeLayer<Required<_CameraLayerProps>> {
  static override layerName = 'CameraLayer';
  static override defaultProps: DefaultProps<CameraLayerProps> = {
    cameras: { type: 'array', value: [] },
    radiusPixels: { type: 'number', value: 5 },
  };

  override renderLayers() {
    const { radiusPixels } = this.props;
    const cameras = this.props.cameras as CameraPoint[];
    const alerting = cameras.filter((camera) => camera.state === 'alert');
    return [
      new ScatterplotLayer<CameraPoint>(this.getSubLayerProps({ id: 'halo' }), {
        data: alerting,
        pickable: false,
        radiusUnits: 'pixels',
        getPosition: (camera) => camera.position,
        getRadius: radiusPixels * 3,
        getFillColor: (camera) => withAlpha(toCameraColor(camera), 90),
        stroked: false,
      }),
      new ScatterplotLayer<CameraPoint>(this.getSubLayerProps({ id: 'markers' }), {
        data: cameras,
        radiusUnits: 'pixels',
        getPosition: (camera) => camera.position,
        getRadius: (camera) => (camera.state === 'alert' ? radiusPixels * 1.5 : radiusPixels),
        getFillColor: (camera) =>
          withAlpha(toCameraColor(camera), camera.state === 'alert' ? 255 : 110),
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        getLineColor: (camera) => toCameraColor(camera),
        autoHighlight: true,
        highlightColor: [255, 255, 255, 120],
      }),
    ];
  }
}

/** The camera under the pointer, if the picked layer is a CameraLayer. */
export function toPickedCamera(info: PickingInfo): CameraPoint | null {
  return info.layer instanceof CameraLayer && info.object ? (info.object as CameraPoint) : null;
}
