import type { GraphQLOperation } from '../graphql/client.ts';
import {
  badResponse,
  readArray,
  readNullableNumber,
  readNullableString,
  readNumber,
  readRecord,
  readString,
} from '../graphql/parse.ts';
import { parseKeyCounts, parseOpenAlert, parseSeverity } from '../iot/iot-operations.ts';
import {
  type CameraDetail,
  type CameraPoint,
  type CameraState,
  type CameraSummary,
  cameraStates,
  type Detection,
  type EventCount,
} from './video-types.ts';

/** How many detections the latest list shows. */
export const latestDetectionsSize = 12;

const cameraFields = 'id name lon lat district state alertSeverity statusAt';
const detectionFields = 'id cameraId cameraName ts type confidence count district';

/** Every camera with its state (for the map); with `at`, as of that instant (replay). */
export const camerasOperation: GraphQLOperation<CameraPoint[]> = {
  name: 'VideoCameras',
  query: /* GraphQL */ `
    query VideoCameras($at: DateTime) {
      cameras(at: $at) { ${cameraFields} }
    }
  `,
  parse: (data) =>
    readArray(readRecord(data, 'data').cameras, 'cameras').map((item, index) =>
      parseCamera(item, `cameras[${index}]`),
    ),
};

/** Online figures, last hour by type, and the latest detections (variables: first; at in replay). */
export const videoOverviewOperation: GraphQLOperation<{
  summary: CameraSummary;
  latest: Detection[];
}> = {
  name: 'VideoOverview',
  query: /* GraphQL */ `
    query VideoOverview($first: Int, $at: DateTime) {
      cameraSummary(at: $at) {
        total
        online
        onlineRate
        byState { key count }
        lastHourByType { key count }
        lastHourTotal
      }
      cameraEvents(first: $first, to: $at) {
        edges { node { ${detectionFields} } }
      }
    }
  `,
  parse: (data) => {
    const root = readRecord(data, 'data');
    const summary = readRecord(root.cameraSummary, 'cameraSummary');
    const events = readRecord(root.cameraEvents, 'cameraEvents');
    return {
      summary: {
        total: readNumber(summary.total, 'cameraSummary.total'),
        online: readNumber(summary.online, 'cameraSummary.online'),
        onlineRate: readNullableNumber(summary.onlineRate, 'cameraSummary.onlineRate'),
        byState: parseKeyCounts(summary.byState, 'cameraSummary.byState'),
        lastHourByType: parseKeyCounts(summary.lastHourByType, 'cameraSummary.lastHourByType'),
        lastHourTotal: readNumber(summary.lastHourTotal, 'cameraSummary.lastHourTotal'),
      },
      latest: readArray(events.edges, 'cameraEvents.edges').map((edge, index) =>
        parseDetection(
          readRecord(edge, `cameraEvents.edges[${index}]`).node,
          `cameraEvents.edges[${index}].node`,
        ),
      ),
    };
  },
};

/** The latest detections before an instant, newest first (replay; variables: to, first). */
export const detectionsBeforeOperation: GraphQLOperation<Detection[]> = {
  name: 'VideoDetectionsBefore',
  query: /* GraphQL */ `
    query VideoDetectionsBefore($to: DateTime!, $first: Int) {
      cameraEvents(to: $to, first: $first) {
        edges { node { ${detectionFields} } }
      }
    }
  `,
  parse: (data) => {
    const events = readRecord(readRecord(data, 'data').cameraEvents, 'cameraEvents');
    return readArray(events.edges, 'cameraEvents.edges').map((edge, index) =>
      parseDetection(
        readRecord(edge, `cameraEvents.edges[${index}]`).node,
        `cameraEvents.edges[${index}].node`,
      ),
    );
  },
};

/** Detections per hour and type (variables: from, to). */
export const eventDensityOperation: GraphQLOperation<EventCount[]> = {
  name: 'VideoEventDensity',
  query: /* GraphQL */ `
    query VideoEventDensity($from: DateTime!, $to: DateTime!) {
      cameraEventCounts(from: $from, to: $to, bucket: "1 hour") {
        bucket
        type
        count
      }
    }
  `,
  parse: (data) =>
    readArray(readRecord(data, 'data').cameraEventCounts, 'cameraEventCounts').map(
      (item, index) => {
        const row = readRecord(item, `cameraEventCounts[${index}]`);
        return {
          bucket: readString(row.bucket, `cameraEventCounts[${index}].bucket`),
          type: readString(row.type, `cameraEventCounts[${index}].type`),
          count: readNumber(row.count, `cameraEventCounts[${index}].count`),
        };
      },
    ),
};

/** One camera with its open alerts and latest detections (variables: id). */
export const cameraDetailOperation: GraphQLOperation<CameraDetail | null> = {
  name: 'VideoCameraDetail',
  query: /* GraphQL */ `
    query VideoCameraDetail($id: ID!) {
      camera(id: $id) {
        ${cameraFields}
        streamUrl
        openAlerts { id title titleEn severity openedAt }
        recentEvents(first: 10) { ${detectionFields} }
      }
    }
  `,
  parse: (data) => {
    const camera = readRecord(data, 'data').camera;
    if (camera === null) return null;
    const record = readRecord(camera, 'camera');
    return {
      ...parseCamera(record, 'camera'),
      streamUrl: readNullableString(record.streamUrl, 'camera.streamUrl'),
      openAlerts: readArray(record.openAlerts, 'camera.openAlerts').map((item, index) =>
        parseOpenAlert(item, `camera.openAlerts[${index}]`),
      ),
      recentEvents: readArray(record.recentEvents, 'camera.recentEvents').map((item, index) =>
        parseDetection(item, `camera.recentEvents[${index}]`),
      ),
    };
  },
};

function parseState(value: unknown, path: string): CameraState {
  const state = readString(value, path);
  if (!(cameraStates as readonly string[]).includes(state))
    throw badResponse(path, 'a camera state');
  return state as CameraState;
}

function parseCamera(value: unknown, path: string): CameraPoint {
  const record = readRecord(value, path);
  const severity = readNullableNumber(record.alertSeverity, `${path}.alertSeverity`);
  return {
    id: readString(record.id, `${path}.id`),
    name: readString(record.name, `${path}.name`),
    position: [readNumber(record.lon, `${path}.lon`), readNumber(record.lat, `${path}.lat`)],
    district: readNullableString(record.district, `${path}.district`),
    state: parseState(record.state, `${path}.state`),
    alertSeverity: severity === null ? null : parseSeverity(severity, `${path}.alertSeverity`),
    statusAt: readNullableString(record.statusAt, `${path}.statusAt`),
  };
}

function parseDetection(value: unknown, path: string): Detection {
  const record = readRecord(value, path);
  return {
    id: readString(record.id, `${path}.id`),
    cameraId: readString(record.cameraId, `${path}.cameraId`),
    cameraName: readNullableString(record.cameraName, `${path}.cameraName`),
    ts: readString(record.ts, `${path}.ts`),
    type: readString(record.type, `${path}.type`),
    confidence: readNumber(record.confidence, `${path}.confidence`),
    count: readNullableNumber(record.count, `${path}.count`),
    district: readNullableString(record.district, `${path}.district`),
  };
}
