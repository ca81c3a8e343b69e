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
import { toDeviceColor, toStateColor } from './device-colors.ts';
import type { DevicePoint } from './iot-types.ts';

type _DeviceLayerProps = {
  /** Devices; replace the array to update them. */
  devices: readonly DevicePoint[];
  /** Dot radius in pixels. */
  radiusPixels?: number;
  /** Below this zoom, crowded devices are drawn as clusters; Infinity always, 0 never. */
  clusterBelowZoom?: number;
};

export type DeviceLayerProps = _DeviceLayerProps & CompositeLayerProps;

type DeviceLayerState = { level: number | null; clustering: Clustering<DevicePoint> };

const withAlpha = ([r, g, b]: Rgba, alpha: number): Rgba => [r, g, b, alpha];
const isFlagged = (device: DevicePoint): boolean =>
  device.state === 'alert' || device.state === 'silent';

/** A grid cell about five dots wide: devices closer than that would overlap into a blob. */
const clusterCellPixels = 22;
/** Fewer devices than this in a cell stay dots. */
const clusterMinPoints = 4;

/** The ring of a cluster of devices: its worst alert's colour, else silent, else normal. */
function toDeviceClusterColor(cluster: Cluster<unknown>): Rgba {
  const members = cluster.members as DevicePoint[];
  let worst: DevicePoint['alertSeverity'] = null;
  for (const device of members) {
    if (device.state !== 'alert') continue;
    const severity = device.alertSeverity ?? 3;
    if (worst === null || severity > worst) worst = severity;
  }
  if (worst !== null) return toSeverityColor(worst);
  return toStateColor(cluster.overdueCount > 0 ? 'silent' : 'normal', null);
}

function toClustering(devices: readonly DevicePoint[], level: number | null) {
  if (level === null) return { clusters: [], singles: devices as DevicePoint[] };
  return toClusters(devices, {
    getPosition: (device) => device.position,
    // 静默 silent: the device's report is overdue.
    getFlags: (device) => ({ alert: device.state === 'alert', overdue: device.state === 'silent' }),
    zoom: level,
    cellPixels: clusterCellPixels,
    minPoints: clusterMinPoints,
  });
}

/**
 * Devices as dots in their state's colour; those in alert or silent get a halo. Zoomed out,
 * crowded devices become clusters labelled with their count, their alerts and silent devices;
 * the clusters split as the map zooms in.
 */
export class DeviceLayer extends CompositeLayer<Required<_DeviceLayerProps>> {
  static override layerName = 'DeviceLayer';
  static override defaultProps: DefaultProps<DeviceLayerProps> = {
    devices: { type: 'array', value: [] },
    radiusPixels: { type: 'number', value: 4 },
    clusterBelowZoom: { type: 'number', value: 11 },
  };

  declare state: DeviceLayerState;

  private toLevel(): number | null {
    const { zoom } = this.context.viewport;
    return zoom < this.props.clusterBelowZoom ? toClusterLevel(zoom) : null;
  }

  override initializeState(): void {
    const level = this.toLevel();
    this.setState({ level, clustering: toClustering(this.props.devices, level) });
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
      props.devices !== oldProps.devices ||
      props.clusterBelowZoom !== oldProps.clusterBelowZoom ||
      level !== this.state.level
    ) {
      this.setState({ level, clustering: toClustering(props.devices, level) });
    }
  }

  override renderLayers() {
    const { radiusPixels } = this.props;
    const { clusters, singles } = this.state.clustering;
    const flagged = singles.filter(isFlagged);
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
        data: singles,
        radiusUnits: 'pixels',
        getPosition: (device) => device.position,
        getRadius: (device) => (isFlagged(device) ? radiusPixels * 1.6 : radiusPixels),
        getFillColor: (device) => toDeviceColor(device),
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        getLineColor: [10, 20, 35, 200],
        autoHighlight: true,
        highlightColor: [255, 255, 255, 120],
      }),
      new ClusterLayer(this.getSubLayerProps({ id: 'clusters' }), {
        clusters,
        getRingColor: toDeviceClusterColor,
      }),
    ];
  }
}

/** The device under the pointer, if the picked layer is a DeviceLayer. */
export function toPickedDevice(info: PickingInfo): DevicePoint | null {
  return info.layer instanceof DeviceLayer && info.object && !isCluster(info.object)
    ? (info.object as DevicePoint)
    : null;
}

/** The cluster of devices under the pointer, if any. */
export function toPickedDeviceCluster(info: PickingInfo): Cluster<DevicePoint> | null {
  return info.layer instanceof DeviceLayer && isCluster(info.object)
    ? (info.object as Cluster<DevicePoint>)
    : null;
}
