import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../shared/china-time.ts';
import { distanceKm } from '../shared/geo.ts';
import { createWeather } from '../shared/weather.ts';
import { ambulanceAt, EPOCH_MS, missionOf } from './ambulance.ts';
import type { AmbulanceDevice, Device } from './device.ts';
import { placeDevices } from './iot-fleet.ts';
import { readDevice } from './iot-payloads.ts';

const devices = placeDevices(1);
const context = { seed: 1, weather: createWeather(1) };
const cst = (iso: string): number => Date.parse(`${iso}+08:00`);
function ofType<T extends Device['type']>(type: T): Extract<Device, { type: T }>[] {
  return devices.filter((d): d is Extract<Device, { type: T }> => d.type === type);
}
const metric = (device: Device, ms: number, name: string): number => {
  const value = readDevice(device, ms, context).metrics[name];
  if (value === undefined) throw new Error(`${device.id} has no ${name}`);
  return value;
};
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('heating', () => {
  const stations = ofType('heating');

  it('supplies 55–75 °C in the heating season, the weak stations about 10 °C less', () => {
    for (const at of [cst('2026-01-10T07:00:00'), cst('2026-12-05T15:00:00')]) {
      const healthy = stations.filter((s) => !s.weak).map((s) => metric(s, at, 'supply_temp_c'));
      expect(Math.min(...healthy)).toBeGreaterThanOrEqual(53);
      expect(Math.max(...healthy)).toBeLessThanOrEqual(77);
      const weak = stations.filter((s) => s.weak).map((s) => metric(s, at, 'supply_temp_c'));
      expect(weak.length).toBeGreaterThan(0);
      expect(mean(healthy) - mean(weak)).toBeGreaterThan(7);
      for (const s of stations)
        expect(metric(s, at, 'return_temp_c')).toBeLessThan(metric(s, at, 'supply_temp_c'));
    }
  });

  it('idles near room temperature outside the season (15 November – 15 March)', () => {
    for (const at of [
      cst('2026-06-10T14:00:00'),
      cst('2026-11-10T07:00:00'),
      cst('2026-03-20T07:00:00'),
    ]) {
      const supply = stations.map((s) => metric(s, at, 'supply_temp_c'));
      expect(Math.max(...supply)).toBeLessThan(36);
    }
    expect(
      mean(stations.map((s) => metric(s, cst('2026-11-16T07:00:00'), 'supply_temp_c'))),
    ).toBeGreaterThan(55);
  });
});

describe('street lights', () => {
  const lights = ofType('streetlight');
  const onShare = (at: number): number => mean(lights.map((l) => metric(l, at, 'on')));

  it('are on at night and off at noon, apart from a few faults', () => {
    expect(onShare(cst('2026-11-26T22:00:00'))).toBeGreaterThan(0.98);
    expect(onShare(cst('2026-11-26T12:00:00'))).toBeLessThan(0.02);
    // 19:00 is after sunset in December, before it in June.
    expect(onShare(cst('2026-12-15T19:00:00'))).toBeGreaterThan(0.98);
    expect(onShare(cst('2026-06-15T19:00:00'))).toBeLessThan(0.02);
  });

  it('draw their rated power when on, less after midnight (LED dimming), none when off', () => {
    const evening = mean(lights.map((l) => metric(l, cst('2026-11-26T21:00:00'), 'power_w')));
    const lateNight = mean(lights.map((l) => metric(l, cst('2026-11-27T02:00:00'), 'power_w')));
    expect(evening).toBeGreaterThan(110);
    expect(lateNight).toBeLessThan(evening * 0.8);
    expect(mean(lights.map((l) => metric(l, cst('2026-11-26T12:00:00'), 'power_w')))).toBeLessThan(
      5,
    );
  });
});

describe('manholes', () => {
  const covers = ofType('manhole');

  it('are almost always closed and flat, with rare tilt events', () => {
    let open = 0;
    let tilted = 0;
    let readings = 0;
    for (let h = 0; h < 24 * 20; h += 6) {
      const at = cst('2026-07-01T00:00:00') + h * HOUR_MS;
      for (const cover of covers) {
        readings++;
        if (metric(cover, at, 'open') === 1) open++;
        if (metric(cover, at, 'tilt_deg') > 5) tilted++;
      }
    }
    expect(open / readings).toBeLessThan(0.002);
    expect(tilted / readings).toBeLessThan(0.005);
    expect(tilted).toBeGreaterThan(0);
  });
});

describe('traffic', () => {
  const detectors = ofType('traffic');
  const flow = (iso: string): number => mean(detectors.map((d) => metric(d, cst(iso), 'flow_vph')));

  it('peaks in the rush hours and empties at night', () => {
    const thursday = '2026-11-26';
    expect(flow(`${thursday}T08:00:00`)).toBeGreaterThan(2 * flow(`${thursday}T03:00:00`));
    expect(flow(`${thursday}T18:00:00`)).toBeGreaterThan(flow(`${thursday}T14:00:00`));
    expect(flow(`${thursday}T03:00:00`)).toBeLessThan(200);
  });

  it('slows down when the roads fill', () => {
    const speed = (iso: string): number =>
      mean(detectors.map((d) => metric(d, cst(iso), 'speed_kmh')));
    expect(speed('2026-11-26T03:00:00')).toBeGreaterThan(speed('2026-11-26T18:00:00'));
  });
});

describe('noise', () => {
  it('is louder by day than at night', () => {
    const meters = ofType('noise');
    const db = (iso: string): number => mean(meters.map((m) => metric(m, cst(iso), 'db')));
    expect(db('2026-11-26T15:00:00') - db('2026-11-27T02:00:00')).toBeGreaterThan(6);
  });
});

describe('water level', () => {
  it('reads the reservoirs in metres above sea level and the flood season on the Yellow River', () => {
    const gauges = ofType('water_level');
    const upstream = gauges.filter((g) => g.reach === 'sanmenxia');
    const downstream = gauges.filter((g) => g.reach === 'xiaolangdi');
    expect(upstream.length).toBeGreaterThan(5);
    expect(downstream.length).toBeGreaterThan(3);
    for (const g of upstream)
      expect(metric(g, cst('2026-01-10T12:00:00'), 'level_m')).toBeGreaterThan(315);
    for (const g of downstream) {
      const level = metric(g, cst('2026-01-10T12:00:00'), 'level_m');
      expect(level).toBeGreaterThan(230);
      expect(level).toBeLessThan(275);
    }
    const flow = (iso: string): number =>
      mean(upstream.map((g) => metric(g, cst(iso), 'flow_m3s')));
    expect(flow('2026-08-15T12:00:00')).toBeGreaterThan(2 * flow('2026-01-15T12:00:00'));
  });
});

describe('ambulances', () => {
  const fleet = ofType('ambulance');
  const day = cst('2026-11-26T00:00:00');

  it('number 20–40 and run several missions a day each', () => {
    expect(fleet.length).toBeGreaterThanOrEqual(20);
    expect(fleet.length).toBeLessThanOrEqual(40);
    let missions = 0;
    for (const ambulance of fleet)
      for (let e = day / EPOCH_MS; e < day / EPOCH_MS + 12; e++)
        if (missionOf(ambulance, e, 1)) missions++;
    expect(missions / fleet.length).toBeGreaterThan(2);
    expect(missions / fleet.length).toBeLessThan(8);
  });

  it('move along their legs at plausible speeds through the states 0–3', () => {
    const states = new Set<number>();
    let moved = 0;
    for (const ambulance of fleet) {
      for (let t = day; t < day + 24 * HOUR_MS; t += 2 * MINUTE_MS) {
        const now = ambulanceAt(ambulance, t, 1);
        const later = ambulanceAt(ambulance, t + 2000, 1);
        states.add(now.state);
        if (now.speedKmh === 0) continue;
        const km = distanceKm(now.at, later.at);
        if (km > 0) moved++;
        // 2 s at ≤ 70 km/h is at most ~40 m (the road factor makes it less).
        expect(km).toBeLessThan(0.04);
      }
    }
    expect([...states].sort()).toEqual([0, 1, 2, 3]);
    expect(moved).toBeGreaterThan(100);
  });

  it('report their position on every reading: at home when idle, away on a mission', () => {
    const ambulance = fleet[0] as AmbulanceDevice;
    const times = Array.from({ length: 720 }, (_, i) => day + i * 2 * MINUTE_MS);
    const idle = times.find(
      (t) =>
        ambulanceAt(ambulance, t, 1).speedKmh === 0 && ambulanceAt(ambulance, t, 1).state === 0,
    );
    const driving = times.find((t) => ambulanceAt(ambulance, t, 1).speedKmh > 0);
    expect(idle).toBeDefined();
    expect(driving).toBeDefined();
    const home = readDevice(ambulance, idle!, context);
    expect(distanceKm({ lon: home.lon!, lat: home.lat! }, ambulance)).toBeLessThan(0.05);
    const away = readDevice(ambulance, driving!, context);
    expect(away.metrics.speed_kmh).toBeGreaterThan(0);
    expect(distanceKm({ lon: away.lon!, lat: away.lat! }, ambulance)).toBeGreaterThan(0);
  });
});
