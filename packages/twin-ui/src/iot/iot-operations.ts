import type { Severity } from '../alerts/alert-types.ts';
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
import {
  type DeviceDetail,
  type DevicePoint,
  type DeviceState,
  type DeviceSummary,
  deviceStates,
  type KeyCount,
  type OpenAlert,
  type SeriesPoint,
} from './iot-types.ts';

/** How many devices the attention list shows. */
export const attentionSize = 8;

const deviceFields = 'id type name lon lat district state alertSeverity latestTs';

/** Every device with its state (for the map); with `at`, as of that instant (replay). */
export const devicesOperation: GraphQLOperation<DevicePoint[]> = {
  name: 'IotDevices',
  query: /* GraphQL */ `
    query IotDevices($at: DateTime) {
      devices(at: $at) { ${deviceFields} }
    }
  `,
  parse: (data) =>
    readArray(readRecord(data, 'data').devices, 'devices').map((item, index) =>
      parseDevice(item, `devices[${index}]`),
    ),
};

/** Counts by type, state and district, and the devices needing attention (variables: attentionFirst; at in replay). */
export const deviceSummaryOperation: GraphQLOperation<DeviceSummary> = {
  name: 'IotDeviceSummary',
  query: /* GraphQL */ `
    query IotDeviceSummary($attentionFirst: Int, $at: DateTime) {
      deviceSummary(attentionFirst: $attentionFirst, at: $at) {
        total
        byType { key count }
        byState { key count }
        byDistrict { key count }
        attention { ${deviceFields} }
      }
    }
  `,
  parse: (data) => {
    const summary = readRecord(readRecord(data, 'data').deviceSummary, 'deviceSummary');
    return {
      total: readNumber(summary.total, 'deviceSummary.total'),
      byType: parseKeyCounts(summary.byType, 'deviceSummary.byType'),
      byState: parseKeyCounts(summary.byState, 'deviceSummary.byState'),
      byDistrict: parseKeyCounts(summary.byDistrict, 'deviceSummary.byDistrict'),
      attention: readArray(summary.attention, 'deviceSummary.attention').map((item, index) =>
        parseDevice(item, `deviceSummary.attention[${index}]`),
      ),
    };
  },
};

/** One device with its readings, open alerts and a metric's series (variables: id, metric, from, to, bucket). */
export const deviceDetailOperation: GraphQLOperation<DeviceDetail | null> = {
  name: 'IotDeviceDetail',
  query: /* GraphQL */ `
    query IotDeviceDetail(
      $id: ID!
      $metric: String!
      $from: DateTime!
      $to: DateTime!
      $bucket: String
    ) {
      device(id: $id) {
        ${deviceFields}
        latest { metric value }
        openAlerts { id title titleEn severity openedAt }
        series(metric: $metric, from: $from, to: $to, bucket: $bucket) { ts value min max count }
      }
    }
  `,
  parse: (data) => {
    const device = readRecord(data, 'data').device;
    if (device === null) return null;
    const record = readRecord(device, 'device');
    return {
      ...parseDevice(record, 'device'),
      latest: readArray(record.latest, 'device.latest').map((item, index) => {
        const value = readRecord(item, `device.latest[${index}]`);
        return {
          metric: readString(value.metric, `device.latest[${index}].metric`),
          value: readNumber(value.value, `device.latest[${index}].value`),
        };
      }),
      openAlerts: readArray(record.openAlerts, 'device.openAlerts').map((item, index) =>
        parseOpenAlert(item, `device.openAlerts[${index}]`),
      ),
      series: readArray(record.series, 'device.series').map((item, index) =>
        parseSeriesPoint(item, `device.series[${index}]`),
      ),
    };
  },
};

export function parseKeyCounts(value: unknown, path: string): KeyCount[] {
  return readArray(value, path).map((item, index) => {
    const row = readRecord(item, `${path}[${index}]`);
    return {
      key: readString(row.key, `${path}[${index}].key`),
      count: readNumber(row.count, `${path}[${index}].count`),
    };
  });
}

export function parseSeverity(value: unknown, path: string): Severity {
  const severity = Math.round(readNumber(value, path));
  return Math.min(4, Math.max(1, severity)) as Severity;
}

function parseState(value: unknown, path: string): DeviceState {
  const state = readString(value, path);
  if (!(deviceStates as readonly string[]).includes(state))
    throw badResponse(path, 'a device state');
  return state as DeviceState;
}

function parseDevice(value: unknown, path: string): DevicePoint {
  const record = readRecord(value, path);
  const severity = readNullableNumber(record.alertSeverity, `${path}.alertSeverity`);
  return {
    id: readString(record.id, `${path}.id`),
    type: readString(record.type, `${path}.type`),
    name: readString(record.name, `${path}.name`),
    position: [readNumber(record.lon, `${path}.lon`), readNumber(record.lat, `${path}.lat`)],
    district: readNullableString(record.district, `${path}.district`),
    state: parseState(record.state, `${path}.state`),
    alertSeverity: severity === null ? null : parseSeverity(severity, `${path}.alertSeverity`),
    latestTs: readNullableString(record.latestTs, `${path}.latestTs`),
  };
}

export function parseOpenAlert(value: unknown, path: string): OpenAlert {
  const record = readRecord(value, path);
  return {
    id: readString(record.id, `${path}.id`),
    title: readString(record.title, `${path}.title`),
    titleEn: readString(record.titleEn, `${path}.titleEn`),
    severity: parseSeverity(record.severity, `${path}.severity`),
    openedAt: readString(record.openedAt, `${path}.openedAt`),
  };
}

function parseSeriesPoint(value: unknown, path: string): SeriesPoint {
  const record = readRecord(value, path);
  return {
    ts: readString(record.ts, `${path}.ts`),
    value: readNumber(record.value, `${path}.value`),
    min: readNumber(record.min, `${path}.min`),
    max: readNumber(record.max, `${path}.max`),
    count: readNumber(record.count, `${path}.count`),
  };
}
