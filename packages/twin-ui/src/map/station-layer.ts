import {
  CompositeLayer,
  type CompositeLayerProps,
  type DefaultProps,
  type PickingInfo,
} from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { AirStation } from '../air-quality/air-station.ts';
import { type Rgba, toAqiColor } from '../air-quality/aqi-band.ts';

type _StationLayerProps = {
  /** Air-quality stations; replace the array to update them. */
  stations: readonly AirStation[];
  /** Dot radius in pixels. */
  radiusPixels?: number;
};

export type StationLayerProps = _StationLayerProps & CompositeLayerProps;

const withAlpha = ([r, g, b]: Rgba, alpha: number): Rgba => [r, g, b, alpha];

/** Air-quality stations as dots in their AQI band colour, each with a soft halo. */
export class StationLayer extends CompositeLayer<Required<_StationLayerProps>> {
  static override layerName = 'StationLayer';
  static override defaultProps: DefaultProps<StationLayerProps> = {
    stations: { type: 'array', value: [] },
    radiusPixels: { type: 'number', value: 6 },
  };

  override renderLayers() {
    const { radiusPixels } = this.props;
    const stations = this.props.stations as AirStation[];
    return [
      new ScatterplotLayer<AirStation>(this.getSubLayerProps({ id: 'halo' }), {
        data: stations,
        pickable: false,
        radiusUnits: 'pixels',
        getPosition: (station) => station.position,
        getRadius: radiusPixels * 2.4,
        getFillColor: (station) => withAlpha(toAqiColor(station.aqi), 70),
        stroked: false,
      }),
      new ScatterplotLayer<AirStation>(this.getSubLayerProps({ id: 'dots' }), {
        data: stations,
        radiusUnits: 'pixels',
        getPosition: (station) => station.position,
        getRadius: radiusPixels,
        getFillColor: (station) => toAqiColor(station.aqi),
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        getLineColor: [235, 250, 255, 230],
        autoHighlight: true,
        highlightColor: [255, 255, 255, 120],
      }),
    ];
  }
}

/** The station under the pointer, if the picked layer is a StationLayer. */
export function toPickedStation(info: PickingInfo): AirStation | null {
  return info.layer instanceof StationLayer && info.object ? (info.object as AirStation) : null;
}
