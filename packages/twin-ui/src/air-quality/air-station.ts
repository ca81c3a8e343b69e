import type { Device } from '../graphql/types.ts';

/** An air-quality station as drawn and listed: its latest AQI and PM2.5. */
export type AirStation = {
  id: string;
  name: string;
  position: [lon: number, lat: number];
  /** District code, null when outside every district. */
  districtCode: string | null;
  /** Latest AQI, null before the first reading. */
  aqi: number | null;
  /** Latest PM2.5, µg/m³. */
  pm25: number | null;
  /** ISO-8601 time of the latest reading. */
  latestTs: string | null;
};

export function toAirStation(device: Device): AirStation {
  const metric = (name: string): number | null =>
    device.latest.find((item) => item.metric === name)?.value ?? null;
  return {
    id: device.id,
    name: device.name,
    position: [device.lon, device.lat],
    districtCode: device.district,
    aqi: metric('aqi'),
    pm25: metric('pm25'),
    latestTs: device.latestTs,
  };
}
