import type { LonLat } from '../graphql/types.ts';

/** What a point tells its cluster: whether it is in alert and whether it is overdue. */
export type ClusterFlags = { alert: boolean; overdue: boolean };

/** Points that fell into one grid cell, drawn as one marker labelled with their count. */
export type Cluster<T> = {
  kind: 'cluster';
  /** The cell's column and row at the clustering zoom level, unique per cluster. */
  key: string;
  /** The mean position of the members. */
  position: LonLat;
  members: T[];
  count: number;
  /** Members in alert. */
  alertCount: number;
  /** Members overdue (a device whose report is overdue, an order past its deadline). */
  overdueCount: number;
};

export type ClusterOptions<T> = {
  getPosition: (item: T) => LonLat;
  getFlags: (item: T) => ClusterFlags;
  /** The zoom level the grid is laid at (Web Mercator, deck.gl's 512-pixel world). */
  zoom: number;
  /** The cell's side in screen pixels at `zoom`. */
  cellPixels: number;
  /** Fewer points than this in a cell stay single points. */
  minPoints: number;
};

/** Points grouped into clusters, and the points that stay on their own. */
export type Clustering<T> = { clusters: Cluster<T>[]; singles: T[] };

const worldPixels = 512;

/** Web Mercator world pixels of a lon/lat at a zoom (y grows southwards). */
export function toWorldPixels([lon, lat]: LonLat, zoom: number): [number, number] {
  const scale = worldPixels * 2 ** zoom;
  const clampedLat = Math.max(-85.05, Math.min(85.05, lat));
  const phi = (clampedLat * Math.PI) / 180;
  const x = ((lon + 180) / 360) * scale;
  const y = ((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2) * scale;
  return [x, y];
}

/**
 * Groups points by a square screen grid at a zoom level: a cell with at least `minPoints`
 * points becomes one cluster at their mean position; the others stay single. Each point lands in
 * exactly one cluster or among the singles, in input order.
 */
export function toClusters<T>(items: readonly T[], options: ClusterOptions<T>): Clustering<T> {
  const { getPosition, getFlags, zoom, cellPixels, minPoints } = options;
  const cells = new Map<string, T[]>();
  for (const item of items) {
    const [x, y] = toWorldPixels(getPosition(item), zoom);
    const key = `${Math.floor(x / cellPixels)}:${Math.floor(y / cellPixels)}`;
    const cell = cells.get(key);
    if (cell) cell.push(item);
    else cells.set(key, [item]);
  }
  const clusters: Cluster<T>[] = [];
  const clustered = new Set<T>();
  for (const [key, members] of cells) {
    if (members.length < Math.max(2, minPoints)) continue;
    let lon = 0;
    let lat = 0;
    let alertCount = 0;
    let overdueCount = 0;
    for (const member of members) {
      const [memberLon, memberLat] = getPosition(member);
      lon += memberLon;
      lat += memberLat;
      const flags = getFlags(member);
      if (flags.alert) alertCount += 1;
      if (flags.overdue) overdueCount += 1;
      clustered.add(member);
    }
    clusters.push({
      kind: 'cluster',
      key,
      position: [lon / members.length, lat / members.length],
      members,
      count: members.length,
      alertCount,
      overdueCount,
    });
  }
  return { clusters, singles: items.filter((item) => !clustered.has(item)) };
}

/** The zoom level clusters are laid at for a view's zoom: they split every half level. */
export function toClusterLevel(zoom: number): number {
  return Math.floor(zoom * 2) / 2;
}

/** Whether a picked object is a cluster. */
export function isCluster(value: unknown): value is Cluster<unknown> {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'cluster'
  );
}
