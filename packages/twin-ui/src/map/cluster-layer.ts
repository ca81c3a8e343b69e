import { CompositeLayer, type CompositeLayerProps, type DefaultProps } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Rgba } from '../air-quality/aqi-band.ts';
import type { Cluster } from './grid-clusters.ts';
import { cjkFontFamily } from './map-style.ts';

type _ClusterLayerProps = {
  /** Clusters to draw; replace the array to change them. */
  clusters: readonly Cluster<unknown>[];
  /** The ring's colour: the worst state among the members. */
  getRingColor: (cluster: Cluster<unknown>) => Rgba;
};

export type ClusterLayerProps = _ClusterLayerProps & CompositeLayerProps;

// Counts are digits only: a fixed ten-glyph atlas, built once, with no CJK font involved.
const digits = '0123456789';
const alertBadge: Rgba = [255, 59, 72, 235];
const overdueBadge: Rgba = [255, 176, 32, 235];

/** A cluster's disc grows with the log of its count: 11 px for 2 points, 21 px for 1,000. */
const toRadius = (cluster: Cluster<unknown>): number =>
  Math.min(24, 9 + 1.2 * Math.log2(cluster.count) + (cluster.count >= 100 ? 2 : 0));

/**
 * Clusters as dark discs with a ring in their worst member's colour, labelled with how many
 * points they hold; a red badge (upper right) counts the members in alert and an amber one
 * (lower right) those overdue. Picking returns the cluster.
 */
export class ClusterLayer extends CompositeLayer<Required<_ClusterLayerProps>> {
  static override layerName = 'ClusterLayer';
  static override defaultProps: DefaultProps<ClusterLayerProps> = {
    clusters: { type: 'array', value: [] },
    getRingColor: { type: 'function', value: () => [0, 229, 255, 255] },
  };

  override renderLayers() {
    const clusters = this.props.clusters as Cluster<unknown>[];
    const { getRingColor } = this.props;
    const alerting = clusters.filter((cluster) => cluster.alertCount > 0);
    const overdue = clusters.filter((cluster) => cluster.overdueCount > 0);
    const badge = {
      pickable: false,
      characterSet: digits,
      fontFamily: cjkFontFamily,
      fontWeight: 700,
      getSize: 11,
      getColor: [255, 255, 255, 255] as Rgba,
      getTextAnchor: 'middle' as const,
      getAlignmentBaseline: 'center' as const,
      background: true,
      backgroundPadding: [3, 1] as [number, number],
      backgroundBorderRadius: 6,
      getPosition: (cluster: Cluster<unknown>) => cluster.position,
    };
    return [
      new ScatterplotLayer<Cluster<unknown>>(this.getSubLayerProps({ id: 'disc' }), {
        data: clusters,
        radiusUnits: 'pixels',
        getPosition: (cluster) => cluster.position,
        getRadius: toRadius,
        getFillColor: [3, 22, 52, 225],
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2.5,
        getLineColor: getRingColor,
        autoHighlight: true,
        highlightColor: [255, 255, 255, 70],
      }),
      new TextLayer<Cluster<unknown>>(this.getSubLayerProps({ id: 'count' }), {
        data: clusters,
        pickable: false,
        characterSet: digits,
        fontFamily: cjkFontFamily,
        fontWeight: 700,
        getPosition: (cluster) => cluster.position,
        getText: (cluster) => String(cluster.count),
        getSize: 12,
        getColor: [235, 250, 255, 255],
        getTextAnchor: 'middle',
        getAlignmentBaseline: 'center',
      }),
      new TextLayer<Cluster<unknown>>(this.getSubLayerProps({ id: 'alert-badge' }), {
        ...badge,
        data: alerting,
        getText: (cluster) => String(cluster.alertCount),
        getPixelOffset: (cluster) => [toRadius(cluster) * 0.8, -toRadius(cluster) * 0.8],
        getBackgroundColor: alertBadge,
      }),
      new TextLayer<Cluster<unknown>>(this.getSubLayerProps({ id: 'overdue-badge' }), {
        ...badge,
        data: overdue,
        getText: (cluster) => String(cluster.overdueCount),
        getPixelOffset: (cluster) => [toRadius(cluster) * 0.8, toRadius(cluster) * 0.8],
        getBackgroundColor: overdueBadge,
      }),
    ];
  }
}
