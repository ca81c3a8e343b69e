import { MINUTE_MS } from '../shared/china-time.ts';
import { distanceKm } from '../shared/geo.ts';
import { pick, uniform } from '../shared/random.ts';
import type { RequestTemplate } from '../hotline/texts.ts';
import { unitIds } from '../hotline/units.ts';
import type { ManholeDevice } from '../iot/device.ts';
import { BUCKET_MS, type CameraDetection } from '../video/camera-events.ts';
import type { Episode, ReadingEffect } from './episode.ts';
import {
  episodeId,
  episodeRng,
  nearestCamera,
  spreadTimes,
  steadyCamera,
  streetSites,
  type ScenarioCity,
} from './scenario-city.ts';
import { burstIdPrefix, burstTickets } from './scenario-tickets.ts';

/** Minutes after the main bursts. */
const timeline = {
  /** Crews shut the valves and reseat the cover. */
  repaired: 115,
  callsFrom: 3,
  callsTo: 63,
  calls: 42,
  /** Water spreads over the road, where a street camera sees it. */
  waterFrom: 10,
  waterTo: 80,
  waterDetections: 16,
} as const;

const CAMERA_WITHIN_KM = 0.8;
/** Estates whose taps run dry: those this near the burst, km. */
const SUPPLIED_WITHIN_KM = 1.2;

/** The street of a cover named `{district}{street}给水阀门井{NNN}`. */
const streetOf = (cover: ManholeDevice): string =>
  cover.name.replace(/^.+?[区县市]/, '').replace(/给水阀门井\d+$/, '');

function callTemplates(street: string): RequestTemplate[] {
  const owners = [[unitIds.waterCompany, 1]] as const;
  const fixed = `经查系${street}供水主管道爆裂，自来水公司关阀抢修、更换破损管段后已恢复供水`;
  return [
    {
      kind: 'help',
      weight: 4,
      units: owners,
      urgentShare: 0.4,
      estate: true,
      text: (c) => `${c.place}突然停水，水龙头一滴水都没有，事先没接到通知，请问什么时候恢复？`,
      done: () => `${fixed}。`,
    },
    {
      kind: 'report',
      weight: 2,
      units: owners,
      urgentShare: 0.7,
      estate: false,
      text: () => `${street}自来水管爆裂，井盖被水冲开，水从井里往外冒，路面积水很深。`,
      done: () => `${fixed}，井盖已复位，路面积水已清理。`,
    },
    {
      kind: 'complaint',
      weight: 2,
      units: owners,
      urgentShare: 0.1,
      estate: true,
      text: (c) => `${c.place}水压突然变得很低，高层住户完全没水。`,
      done: () => `${fixed}，管网压力已恢复，高层住户用水正常。`,
    },
  ];
}

/**
 * 爆管, the utility failure of the months without heating: a water main bursts under a street
 * of 湖滨区 and lifts its valve-well cover (manhole.open at once, manhole.tilt after two
 * minutes), the water spreads over the road where a street camera within 800 m sees it
 * (camera.waterlogging), and the estates nearby lose their water and call 12345 (a surge of
 * water and power requests). Like the heating failure, the three open within half an hour,
 * within 1 km, in one district: one incident. Null when no valve well has a steady camera near.
 */
export function buildWaterMainBurst(city: ScenarioCity, start: number): Episode | null {
  const rng = episodeRng(city.seed, 'water_main_burst', start);
  const end = start + timeline.repaired * MINUTE_MS;
  const candidates: { cover: ManholeDevice; cameraIndex: number }[] = [];
  for (const device of city.devices) {
    if (device.type !== 'manhole' || device.kind !== 'water' || device.district !== '411202')
      continue;
    const near = nearestCamera(
      device,
      city.cameras,
      CAMERA_WITHIN_KM,
      (camera) =>
        camera.district === device.district &&
        streetSites.has(camera.site) &&
        steadyCamera(camera, start, end, city.seed),
    );
    if (near) candidates.push({ cover: device, cameraIndex: city.cameras.indexOf(near.camera) });
  }
  if (candidates.length === 0) return null;
  const { cover, cameraIndex } = pick(rng, candidates);
  const camera = city.cameras[cameraIndex]!;
  const street = streetOf(cover);
  const tiltDeg = uniform(rng, 14, 26);

  const readings: ReadingEffect[] = [
    {
      deviceId: cover.id,
      from: start,
      to: end,
      apply(reading) {
        const { tilt_deg: seated = 1, water_cm: water = 5 } = reading.metrics;
        return {
          ...reading,
          metrics: {
            ...reading.metrics,
            tilt_deg: Math.round((tiltDeg + 2 * (seated - 1)) * 10) / 10,
            water_cm: Math.round(Math.min(300, 160 + 10 * water) * 10) / 10,
            open: 1,
          },
        };
      },
    },
  ];

  const detections: CameraDetection[] = spreadTimes(
    rng,
    start + timeline.waterFrom * MINUTE_MS,
    start + timeline.waterTo * MINUTE_MS,
    timeline.waterDetections,
  ).map((at) => ({
    camera,
    bucketStart: Math.floor(at / BUCKET_MS) * BUCKET_MS,
    at,
    type: 'waterlogging',
    confidence: Math.round(uniform(rng, 0.76, 0.94) * 100) / 100,
    severity: at < start + 40 * MINUTE_MS ? 4 : 3,
  }));

  const nearby = city.hotline.communities
    .filter((c) => c.district === cover.district)
    .map((c) => ({ estate: c, km: distanceKm(c, cover) }))
    .sort((a, b) => a.km - b.km);
  const supplied = nearby.filter((n) => n.km <= SUPPLIED_WITHIN_KM);
  const estates = (supplied.length >= 3 ? supplied : nearby.slice(0, 3)).map((n) => n.estate);
  const tickets = burstTickets({
    seed: city.seed,
    idPrefix: burstIdPrefix('B', start),
    category: 'water_power',
    templates: callTemplates(street),
    times: spreadTimes(
      rng,
      start + timeline.callsFrom * MINUTE_MS,
      start + timeline.callsTo * MINUTE_MS,
      timeline.calls,
    ),
    placeOf: (_i, own) => {
      const estate = pick(own, estates);
      return { name: estate.name, at: estate };
    },
  });

  return {
    id: episodeId('water_main_burst', start),
    kind: 'water_main_burst',
    start,
    end,
    district: cover.district,
    summary:
      `爆管：湖滨区${street}供水主管爆裂，${cover.name}井盖被冲开；` +
      `${camera.name}看到路面积水；停水投诉激增`,
    effects: { rain: [], readings, detections, outages: [], tickets },
  };
}
