import type { Db } from '@city-twin/db';
import {
  type CameraSeed,
  type DeviceSeed,
  insertAlert,
  insertCameras,
  insertDevices,
  MINUTE,
  near,
  places,
} from './seed-devices.ts';

// What the wall-screen tests show on every scene: seven devices (one in alert, one silent),
// three cameras (two online) and three open alerts (one critical, two major).

export const wallDevices: DeviceSeed[] = [
  ...Array.from({ length: 5 }, (_, i) => ({
    id: `wall-aq-0${i + 1}`,
    type: 'air_quality',
    name: `墙屏测试空气站0${i + 1}`,
    place: near(places.hubin, i * 0.02),
    latest: { pm25: 35 + i, aqi: 55 + i * 10 },
    quietMinutes: 1,
  })),
  {
    id: 'wall-mh-01',
    type: 'manhole',
    name: '湖滨区墙屏测试井盖01',
    place: near(places.hubin, 0, -0.01),
    latest: { open: 1, tilt_deg: 2, water_cm: 10 },
    quietMinutes: 1,
  },
  {
    id: 'wall-ns-01',
    type: 'noise',
    name: '灵宝市墙屏测试噪声点01',
    place: places.lingbao,
    latest: { db: 50 },
    quietMinutes: 240,
  },
];

export const wallCameras: CameraSeed[] = [
  { id: 'wall-cam-01', name: '墙屏测试摄像机01', place: near(places.hubin, 0.01), online: true },
  { id: 'wall-cam-02', name: '墙屏测试摄像机02', place: near(places.hubin, 0.01), online: true },
  { id: 'wall-cam-03', name: '墙屏测试摄像机03', place: near(places.hubin, 0.01), online: false },
];

const wallAlerts = [
  {
    subject: 'iot:wall-mh-01',
    ruleId: 'manhole.open',
    severity: 3,
    title: '湖滨区墙屏测试井盖01：井盖开启',
  },
  { subject: 'iot:wall-x-01', ruleId: 'wall.test.a', severity: 4, title: '墙屏测试告警A' },
  { subject: 'iot:wall-x-02', ruleId: 'wall.test.b', severity: 3, title: '墙屏测试告警B' },
] as const;

/** Writes the wall's devices, cameras and open alerts (opened three minutes ago, in 湖滨区). */
export async function seedWall(db: Db): Promise<void> {
  const now = Date.now();
  await insertDevices(db, wallDevices, now);
  await insertCameras(db, wallCameras, now);
  for (const alert of wallAlerts) {
    await insertAlert(db, {
      ...alert,
      source: 'iot',
      place: places.hubin,
      openedAt: new Date(now - 3 * MINUTE),
    });
  }
}
