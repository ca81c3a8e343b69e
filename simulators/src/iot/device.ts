import type { DistrictCode } from '../shared/geo.ts';
import type { Rng } from '../shared/random.ts';
import type { Weather } from '../shared/weather.ts';

interface DeviceBase {
  /** Device id, `{type prefix}-{district}-{NNNN}`. */
  id: string;
  /** Display name in Chinese, as installed. */
  name: string;
  /** Longitude, degrees (moving devices: their home). */
  lon: number;
  /** Latitude, degrees. */
  lat: number;
  /** Code of the district containing the device. */
  district: DistrictCode;
  /** Owning hotline unit, when there is one. */
  unitId?: string;
}

/** 水位站: a gauge on the Yellow River or a tributary. */
export interface WaterLevelDevice extends DeviceBase {
  type: 'water_level';
  /** Which water body the gauge reads: the 三门峡 reservoir reach, the 小浪底 one, or a tributary. */
  reach: 'sanmenxia' | 'xiaolangdi' | 'tributary';
  /** Gauge longitude drives the reservoir backwater; tributaries: mean flow, m³/s. */
  meanFlow: number;
}

/** 换热站: a district-heating exchange station serving one housing estate. */
export interface HeatingDevice extends DeviceBase {
  type: 'heating';
  /** Cannot keep its estate warm (暖气不热). */
  weak: boolean;
  /** Station's own supply-temperature offset, °C. */
  offsetC: number;
}

/** 交通检测器: a loop or radar detector on a road. */
export interface TrafficDevice extends DeviceBase {
  type: 'traffic';
  road: 'urban' | 'highway';
  lanes: number;
  /** Flow at the evening peak, vehicles/h. */
  peakFlow: number;
  /** Free-flow speed, km/h. */
  freeSpeed: number;
}

/** What runs under a manhole cover. */
export type ManholeKind = 'storm' | 'sewage' | 'water' | 'power' | 'telecom';

/** 智能井盖: a smart manhole cover. */
export interface ManholeDevice extends DeviceBase {
  type: 'manhole';
  kind: ManholeKind;
}

/** 智慧路灯: a street light. */
export interface StreetlightDevice extends DeviceBase {
  type: 'streetlight';
  /** Rated power, W. */
  ratedW: number;
  /** LED lamps dim after midnight; sodium lamps do not. */
  led: boolean;
}

/** Kind of area a noise meter watches (声环境功能区). */
export type NoiseZone = 'traffic' | 'residential' | 'commercial' | 'square';

/** 噪声监测点: a noise meter. */
export interface NoiseDevice extends DeviceBase {
  type: 'noise';
  zone: NoiseZone;
}

/** 急救车: an ambulance of the 120 network; lon/lat are its home station. */
export interface AmbulanceDevice extends DeviceBase {
  type: 'ambulance';
  /** Home station name. */
  station: string;
  /** Works a town (short runs) rather than the countryside. */
  urban: boolean;
}

/** 空气监测站: an air quality station (placed and read by the air-quality module). */
export interface AirQualityDevice extends DeviceBase {
  type: 'air_quality';
  baseline: number;
}

/** A simulated IoT device of any catalogue type. */
export type Device =
  | AirQualityDevice
  | WaterLevelDevice
  | HeatingDevice
  | TrafficDevice
  | ManholeDevice
  | StreetlightDevice
  | NoiseDevice
  | AmbulanceDevice;

/** What readings may depend on besides the device and the time. */
export interface ReadingContext {
  seed: number;
  weather: Weather;
}

/** A reading: metric values and, for moving devices, a position. */
export interface Reading {
  metrics: Record<string, number>;
  lon?: number;
  lat?: number;
}

/** Reads one device type: pure in (device, time, rng, context). */
export type ReadDevice<D extends Device> = (
  device: D,
  ms: number,
  rng: Rng,
  context: ReadingContext,
) => Reading;
