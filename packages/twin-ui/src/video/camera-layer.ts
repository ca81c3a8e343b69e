import {
  CompositeLayer,
  type CompositeLayerProps,
  type DefaultProps,
  type PickingInfo,
  type UpdateParameters,
} from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Rgba } from '../air-quality/aqi-band.ts';
import { toSeverityColor } from '../alerts/severity.ts';
import { ClusterLayer } from '../map/cluster-layer.ts';
import {
  type Cluster,
  type Clustering,
  isCluster,
  toClusterLevel,
  toClusters,
} from '../map/grid-clusters.ts';
import { toCameraColor, toCameraStateColor } from './camera-colors.ts';
import type { CameraPoint } from './video-types.ts';

type _CameraLayerProps = {
  /** Cameras; replace the array to update them. */
  cameras: readonly CameraPoint[];
  /** Marker radius in pixels. */
  radiusPixels?: number;
  /** Below this zoom, crowded cameras are drawn as clusters; Infinity always, 0 never. */
  clusterBelowZoom?: number;
};

export type CameraLayerProps = _CameraLayerProps & CompositeLayerProps;

type CameraLayerState = { level: number | null; clustering: Clustering<CameraPoint> };

const withAlpha = ([r, g, b]: Rgba, alpha: number): Rgba => [r, g, b, alpha];

/** A grid cell about four markers wide; fewer cameras than `clusterMinPoints` stay markers. */
const clusterCellPixels = 24;
const clusterMinPoints = 4;

/** The ring of a cluster of cameras: its worst alert's colour, else online. */
function toCameraClusterColor(cluster: Cluster<unknown>): Rgba {
  let worst: CameraPoint['alertSeverity'] = null;
  for (const camera of cluster.members as CameraPoint[]) {
    if (camera.state !== 'alert') continue;
    const severity = camera.alertSeverity ?? 3;
    if (worst === null || severity > worst) worst = severity;
  }
  return worst === null ? toCameraStateColor('online', null) : toSeverityColor(worst);
}

function toClustering(cameras: readonly CameraPoint[], level: number | null) {
  if (level === null) return { clusters: [], singles: cameras as CameraPoint[] };
  return toClusters(cameras, {
    getPosition: (camera) => camera.position,
    getFlags: (camera) => ({
      alert: camera.state === 'alert',
      overdue: camera.state === 'offline',
    }),
    zoom: level,
    cellPixels: clusterCellPixels,
    minPoints: clusterMinPoints,
  });
}

/**
 * Cameras as rings in their state's colour (filled while in alert), alerts with a halo. Zoomed
 * out, crowded cameras become clusters labelled with their count, alerts and offline cameras.
 */
export class CameraLayer extends CompositeLayer<Required<_CameraLayerProps>> {
  static override layerName = 'CameraLayer';
  static override defaultProps: DefaultProps<CameraLayerProps> = {
    cameras: { type: 'array', value: [] },
    radiusPixels: { type: 'number', value: 5 },
    clusterBelowZoom: { type: 'number', value: 11 },
  };

  declare state: CameraLayerState;

  private toLevel(): number | null {
    const { zoom } = this.context.viewport;
    return zoom < this.props.clusterBelowZoom ? toClusterLevel(zoom) : null;
  }

  override initializeState(): void {
    const level = this.toLevel();
    this.setState({ level, clustering: toClustering(this.props.cameras, level) });
  }

  // Pans and zooms within a clustering level keep the clusters.
  override shouldUpdateState({ changeFlags }: UpdateParameters<this>): boolean {
    if (changeFlags.propsOrDataChanged || changeFlags.stateChanged) return true;
    return Boolean(changeFlags.viewportChanged) && this.toLevel() !== this.state.level;
  }

  override updateState(params: UpdateParameters<this>): void {
    super.updateState(params);
    const level = this.toLevel();
    const { props, oldProps } = params;
    if (
      props.cameras !== oldProps.cameras ||
      props.clusterBelowZoom !== oldProps.clusterBelowZoom ||
      level !== this.state.level
    ) {
      this.setState({ level, clustering: toClustering(props.cameras, level) });
    }
  }

  override renderLayers() {
    const { radiusPixels } = this.props;
    const { clusters, singles } = this.state.clustering;
    const alerting = singles.filter((camera) => camera.state === 'alert');
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
        data: singles,
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
      new ClusterLayer(this.getSubLayerProps({ id: 'clusters' }), {
        clusters,
        getRingColor: toCameraClusterColor,
      }),
    ];
  }
}

/** The camera under the pointer, if the picked layer is a CameraLayer. */
export function toPickedCamera(info: PickingInfo): CameraPoint | null {
  return info.layer instanceof CameraLayer && info.object && !isCluster(info.object)
    ? (info.object as CameraPoint)
    : null;
}

/** The cluster of cameras under the pointer, if any. */
export function toPickedCameraCluster(info: PickingInfo): Cluster<CameraPoint> | null {
  return info.layer instanceof CameraLayer && isCluster(info.object)
    ? (info.object as Cluster<CameraPoint>)
    : null;
}
