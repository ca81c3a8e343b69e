import { CompositeLayer, type CompositeLayerProps, type DefaultProps } from '@deck.gl/core';
import { GeoJsonLayer } from '@deck.gl/layers';
import type { DistrictGeometry } from '../graphql/types.ts';
import { palette } from './map-style.ts';

/** One district as the layer draws it: a GeoJSON feature. */
export type DistrictShape = {
  type: 'Feature';
  id: string;
  properties: { code: string; name: string };
  geometry: DistrictGeometry;
};

type _DistrictLayerProps = {
  /** District boundaries; replace the array to change them. */
  districts: readonly DistrictShape[];
};

export type DistrictLayerProps = _DistrictLayerProps & CompositeLayerProps;

/** The district areas: a glowing cyan edge over a translucent fill. */
export class DistrictLayer extends CompositeLayer<Required<_DistrictLayerProps>> {
  static override layerName = 'DistrictLayer';
  static override defaultProps: DefaultProps<DistrictLayerProps> = {
    districts: { type: 'array', value: [] },
  };

  override renderLayers() {
    const { districts } = this.props;
    const features = districts as DistrictShape[];
    return [
      // Wide, faint stroke under the edge: the glow.
      new GeoJsonLayer<DistrictShape['properties']>(this.getSubLayerProps({ id: 'glow' }), {
        data: features,
        filled: false,
        stroked: true,
        pickable: false,
        lineWidthUnits: 'pixels',
        getLineWidth: 9,
        getLineColor: palette.districtGlow,
        lineJointRounded: true,
      }),
      new GeoJsonLayer<DistrictShape['properties']>(this.getSubLayerProps({ id: 'area' }), {
        data: features,
        filled: true,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        getLineColor: palette.districtEdge,
        getFillColor: palette.districtFill,
        lineJointRounded: true,
        autoHighlight: true,
        highlightColor: palette.districtHighlight,
      }),
    ];
  }
}
