import { CompositeLayer, type CompositeLayerProps, type DefaultProps } from '@deck.gl/core';
import { TextLayer } from '@deck.gl/layers';
import type { LonLat } from '../graphql/types.ts';
import { cjkFontFamily, palette } from './map-style.ts';

/** A district name at its label point, in the current language. */
export type DistrictLabel = { code: string; text: string; position: LonLat };

type _DistrictLabelLayerProps = {
  /** Labels; replace the array to change them (e.g. on a language switch). */
  labels: readonly DistrictLabel[];
  /** Text size in pixels. */
  labelSize?: number;
};

export type DistrictLabelLayerProps = _DistrictLabelLayerProps & CompositeLayerProps;

/** District names on plates; listed after the stations so no dot ever hides a name. */
export class DistrictLabelLayer extends CompositeLayer<Required<_DistrictLabelLayerProps>> {
  static override layerName = 'DistrictLabelLayer';
  static override defaultProps: DefaultProps<DistrictLabelLayerProps> = {
    labels: { type: 'array', value: [] },
    labelSize: { type: 'number', value: 17 },
  };

  override renderLayers() {
    const { labelSize } = this.props;
    return new TextLayer<DistrictLabel>(this.getSubLayerProps({ id: 'text' }), {
      data: this.props.labels as DistrictLabel[],
      pickable: false,
      getPosition: (label) => label.position,
      getText: (label) => label.text,
      getSize: labelSize,
      getColor: palette.labelText,
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
      // Chinese names need glyphs beyond ASCII: build the atlas from the text itself, with
      // the CJK font the system provides (Debian's fonts-noto-cjk); nothing is downloaded.
      characterSet: 'auto',
      fontFamily: cjkFontFamily,
      fontWeight: 700,
      background: true,
      backgroundPadding: [8, 4],
      backgroundBorderRadius: 3,
      getBackgroundColor: palette.labelPlate,
      getBorderColor: palette.labelPlateEdge,
      getBorderWidth: 1,
    });
  }
}
