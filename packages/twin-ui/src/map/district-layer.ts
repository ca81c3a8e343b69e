import {
  CompositeLayer,
  type CompositeLayerProps,
  type DefaultProps,
  type UpdateParameters,
} from '@deck.gl/core';
import { GeoJsonLayer } from '@deck.gl/layers';
import type { DistrictGeometry } from '../graphql/types.ts';
import { palette } from './map-style.ts';
import { simplifyGeometry, toToleranceDegrees } from './simplify.ts';

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

type DistrictLayerState = { level: number; features: DistrictShape[] };

/** Boundaries are redrawn with the vertices a whole zoom level can show, no more. */
const toLevel = (zoom: number): number => Math.max(0, Math.floor(zoom));

/**
 * The boundaries at a zoom level: vertices within a pixel (at the level's largest zoom; half a
 * pixel at its smallest) of the line through their neighbours are dropped. The real boundaries
 * have ~15,000 vertices, ~2,000 at wall zoom after this; each one drawn is a quad of the
 * 9-pixel glow that software WebGL blends pixel by pixel.
 */
function toSimplified(districts: readonly DistrictShape[], level: number): DistrictShape[] {
  const tolerance = toToleranceDegrees(level + 1, 1);
  return districts.map((district) => ({
    ...district,
    geometry: simplifyGeometry(district.geometry, tolerance),
  }));
}

/** The district areas: a glowing cyan edge over a translucent fill. */
export class DistrictLayer extends CompositeLayer<Required<_DistrictLayerProps>> {
  static override layerName = 'DistrictLayer';
  static override defaultProps: DefaultProps<DistrictLayerProps> = {
    districts: { type: 'array', value: [] },
  };

  declare state: DistrictLayerState;

  override initializeState(): void {
    const level = toLevel(this.context.viewport.zoom);
    this.setState({ level, features: toSimplified(this.props.districts, level) });
  }

  // Pans and zooms within a level keep the same shapes (and their GPU buffers).
  override shouldUpdateState({ changeFlags }: UpdateParameters<this>): boolean {
    if (changeFlags.propsOrDataChanged || changeFlags.stateChanged) return true;
    return (
      Boolean(changeFlags.viewportChanged) &&
      toLevel(this.context.viewport.zoom) !== this.state.level
    );
  }

  override updateState(params: UpdateParameters<this>): void {
    super.updateState(params);
    const level = toLevel(this.context.viewport.zoom);
    if (params.props.districts !== params.oldProps.districts || level !== this.state.level) {
      this.setState({ level, features: toSimplified(this.props.districts, level) });
    }
  }

  override renderLayers() {
    const { features } = this.state;
    return [
      // The fill keeps the full boundaries: it is tessellated once, costs pixels rather than
      // vertices, and a simplified ring may touch itself and leave a sliver in the fill.
      new GeoJsonLayer<DistrictShape['properties']>(this.getSubLayerProps({ id: 'area' }), {
        data: this.props.districts as DistrictShape[],
        filled: true,
        stroked: false,
        getFillColor: palette.districtFill,
        autoHighlight: true,
        highlightColor: palette.districtHighlight,
      }),
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
      new GeoJsonLayer<DistrictShape['properties']>(this.getSubLayerProps({ id: 'edge' }), {
        data: features,
        filled: false,
        stroked: true,
        pickable: false,
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        getLineColor: palette.districtEdge,
        lineJointRounded: true,
      }),
    ];
  }
}
