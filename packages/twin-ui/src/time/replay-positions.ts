import type { GraphQLOperation } from '../graphql/client.ts';
import { readArray, readNumber, readRecord, readString } from '../graphql/parse.ts';
import type { LonLat } from '../graphql/types.ts';
import type { DevicePoint } from '../iot/iot-types.ts';

/** The device types that move: their place on the map comes from their readings. */
export const movingDeviceTypes: ReadonlySet<string> = new Set(['ambulance']);

/** Where a moving device was at the cursor. */
export type DevicePosition = { deviceId: string; position: LonLat };

/** Each moving device's last position before an instant (variables: at, type). */
export const devicePositionsAtOperation: GraphQLOperation<DevicePosition[]> = {
  name: 'DevicePositionsAt',
  query: /* GraphQL */ `
    query DevicePositionsAt($at: DateTime!, $type: String) {
      devicePositionsAt(at: $at, type: $type) {
        deviceId
        lon
        lat
      }
    }
  `,
  parse: (data) =>
    readArray(readRecord(data, 'data').devicePositionsAt, 'devicePositionsAt').map(
      (item, index) => {
        const path = `devicePositionsAt[${index}]`;
        const row = readRecord(item, path);
        return {
          deviceId: readString(row.deviceId, `${path}.deviceId`),
          position: [readNumber(row.lon, `${path}.lon`), readNumber(row.lat, `${path}.lat`)],
        };
      },
    ),
};

/**
 * The devices as the map draws them at the cursor: moving devices at their position then, and
 * left out when they had none (not yet on the road); fixed devices where they stand.
 */
export function toDevicesAt(
  devices: readonly DevicePoint[],
  positions: readonly DevicePosition[],
): DevicePoint[] {
  const byId = new Map(positions.map((p) => [p.deviceId, p.position]));
  const placed: DevicePoint[] = [];
  for (const device of devices) {
    if (!movingDeviceTypes.has(device.type)) placed.push(device);
    else {
      const position = byId.get(device.id);
      if (position) placed.push({ ...device, position });
    }
  }
  return placed;
}
