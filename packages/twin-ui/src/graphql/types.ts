// Client-side types of the fields this UI reads, mirroring packages/gateway/src/schema.graphql.

/** A [lon, lat] position in degrees. */
export type LonLat = [lon: number, lat: number];

export type PolygonGeometry = { type: 'Polygon'; coordinates: number[][][] };
export type MultiPolygonGeometry = { type: 'MultiPolygon'; coordinates: number[][][][] };
/** District boundary: GeoJSON Polygon or MultiPolygon in lon/lat degrees. */
export type DistrictGeometry = PolygonGeometry | MultiPolygonGeometry;

/** A county-level district (区县) with its real boundary. */
export type District = {
  /** Official administrative division code, e.g. 411202. */
  code: string;
  name: string;
  /** Label point. */
  center: LonLat;
  geometry: DistrictGeometry;
};

export type MetricValue = { metric: string; value: number };

/** An IoT device with its latest metric values. */
export type Device = {
  id: string;
  name: string;
  lon: number;
  lat: number;
  /** District code, null when outside every district. */
  district: string | null;
  latest: MetricValue[];
  /** ISO-8601 time of the latest reading. */
  latestTs: string | null;
};

/** Counts of what ingest accepted, absorbed as duplicates, and rejected. */
export type IngestStats = { accepted: number; duplicates: number; rejected: number };

/** Storage engine behind the gateway: 'timescaledb' or 'postgres'. */
export type StorageMode = string;

/** What one 5-second poll returns. */
export type CitySnapshot = {
  airStations: Device[];
  ingestStats: IngestStats;
  storage: StorageMode;
};
