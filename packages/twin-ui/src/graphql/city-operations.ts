import type { GraphQLOperation } from './client.ts';
import {
  badResponse,
  readArray,
  readNullableString,
  readNumber,
  readPosition,
  readRecord,
  readString,
} from './parse.ts';
import type { CitySnapshot, Device, District, DistrictGeometry, IngestStats } from './types.ts';

/** The six districts with their boundaries; loaded once. */
export const districtsOperation: GraphQLOperation<District[]> = {
  name: 'Districts',
  query: /* GraphQL */ `
    query Districts {
      districts {
        code
        name
        center
        geometry
      }
    }
  `,
  parse: (data) =>
    readArray(readRecord(data, 'data').districts, 'districts').map((item, index) =>
      parseDistrict(item, `districts[${index}]`),
    ),
};

/** Air-quality stations, ingest counters and storage mode; polled. */
export const citySnapshotOperation: GraphQLOperation<CitySnapshot> = {
  name: 'CitySnapshot',
  query: /* GraphQL */ `
    query CitySnapshot {
      devices(type: "air_quality") {
        id
        name
        lon
        lat
        district
        latest {
          metric
          value
        }
        latestTs
      }
      ingestStats {
        accepted
        duplicates
        rejected
      }
      health {
        storage
      }
    }
  `,
  parse: (data) => {
    const root = readRecord(data, 'data');
    return {
      airStations: readArray(root.devices, 'devices').map((item, index) =>
        parseDevice(item, `devices[${index}]`),
      ),
      ingestStats: parseIngestStats(root.ingestStats),
      storage: readString(readRecord(root.health, 'health').storage, 'health.storage'),
    };
  },
};

function parseDistrict(value: unknown, path: string): District {
  const record = readRecord(value, path);
  return {
    code: readString(record.code, `${path}.code`),
    name: readString(record.name, `${path}.name`),
    center: readPosition(record.center, `${path}.center`),
    geometry: parseDistrictGeometry(record.geometry, `${path}.geometry`),
  };
}

function parseDistrictGeometry(value: unknown, path: string): DistrictGeometry {
  const record = readRecord(value, path);
  switch (record.type) {
    case 'Polygon':
      return {
        type: 'Polygon',
        coordinates: readPolygon(record.coordinates, `${path}.coordinates`),
      };
    case 'MultiPolygon':
      return {
        type: 'MultiPolygon',
        coordinates: readArray(record.coordinates, `${path}.coordinates`).map((polygon, index) =>
          readPolygon(polygon, `${path}.coordinates[${index}]`),
        ),
      };
    default:
      throw badResponse(`${path}.type`, 'Polygon or MultiPolygon');
  }
}

function readPolygon(value: unknown, path: string): number[][][] {
  return readArray(value, path).map((ring, ringIndex) =>
    readArray(ring, `${path}[${ringIndex}]`).map((position, index) =>
      readPosition(position, `${path}[${ringIndex}][${index}]`),
    ),
  );
}

function parseDevice(value: unknown, path: string): Device {
  const record = readRecord(value, path);
  return {
    id: readString(record.id, `${path}.id`),
    name: readString(record.name, `${path}.name`),
    lon: readNumber(record.lon, `${path}.lon`),
    lat: readNumber(record.lat, `${path}.lat`),
    district: readNullableString(record.district, `${path}.district`),
    latest: readArray(record.latest, `${path}.latest`).map((item, index) => {
      const metric = readRecord(item, `${path}.latest[${index}]`);
      return {
        metric: readString(metric.metric, `${path}.latest[${index}].metric`),
        value: readNumber(metric.value, `${path}.latest[${index}].value`),
      };
    }),
    latestTs: readNullableString(record.latestTs, `${path}.latestTs`),
  };
}

function parseIngestStats(value: unknown): IngestStats {
  const record = readRecord(value, 'ingestStats');
  return {
    accepted: readNumber(record.accepted, 'ingestStats.accepted'),
    duplicates: readNumber(record.duplicates, 'ingestStats.duplicates'),
    rejected: readNumber(record.rejected, 'ingestStats.rejected'),
  };
}
