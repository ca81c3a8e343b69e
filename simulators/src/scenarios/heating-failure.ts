import { chinaClock, MINUTE_MS } from '../shared/china-time.ts';
import { gaussian, pick, uniform, type Rng } from '../shared/random.ts';
import type { RequestTemplate } from '../hotline/texts.ts';
import { unitIds } from '../hotline/units.ts';
import type { HeatingDevice } from '../iot/device.ts';
import { BUCKET_MS, type CameraDetection } from '../video/camera-events.ts';
import type { CameraSite } from '../video/cameras.ts';
import type { Episode, ReadingEffect } from './episode.ts';
import {
  clockText,
  episodeId,
  episodeRng,
  nearestCamera,
  spreadTimes,
  steadyCamera,
  type ScenarioCity,
} from './scenario-city.ts';
import { burstIdPrefix, burstTickets } from './scenario-tickets.ts';

/** Minutes after the pump stops. */
const timeline = {
  /** The circulation pump (循环泵) runs again. */
  repaired: 62,
  /** Radiators go cold within minutes; residents call 12345 … */
  callsFrom: 10,
  callsTo: 66,
  calls: 42,
  /** … and gather at the station's gate, where a street camera sees them. */
  crowdFrom: 36,
  crowdTo: 82,
  crowdDetections: 15,
  /** The loop is back to its usual temperature. */
  end: 110,
} as const;

/** The camera at the gate is at most this far from the station, km… */
const CAMERA_WITHIN_KM = 0.8;
/** …and watches a road (a square's camera sees a crowd every evening). */
const gateSites: ReadonlySet<CameraSite> = new Set(['intersection', 'street']);

/** Whether `ms` is in 集中供暖 district heating, 15 November – 15 March (China time). */
export function inHeatingSeason(ms: number): boolean {
  const { month, date } = chinaClock(ms);
  const day = month * 100 + date;
  return day >= 1115 || day <= 315;
}

const int = (rng: Rng, lo: number, hi: number): number => Math.floor(uniform(rng, lo, hi + 1));
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Share of the way from the usual reading to the stalled loop's, `t` minutes in. */
function stalled(t: number, tau: number, repairTau: number): number {
  const atRepair = 1 - Math.exp(-timeline.repaired / tau);
  if (t < timeline.repaired) return 1 - Math.exp(-t / tau);
  return atRepair * Math.exp(-(t - timeline.repaired) / repairTau);
}

function callTemplates(station: HeatingDevice, start: number): RequestTemplate[] {
  const owners = [
    [unitIds.heatingCompany, 0.9],
    [unitIds.housing, 0.1],
  ] as const;
  const since = clockText(start);
  const fixed = `经查系${station.name}循环泵故障停运，供热单位抢修人员更换水泵后已恢复供暖`;
  return [
    {
      kind: 'complaint',
      weight: 5,
      units: owners,
      urgentShare: 0.3,
      estate: true,
      text: (c) =>
        `${c.place}${int(c.rng, 1, 18)}号楼暖气从${since}左右突然不热了，暖气片摸着冰凉，室温降到${int(c.rng, 12, 15)}℃，家里有老人孩子，请尽快抢修。`,
      done: (c) => `${fixed}，室温回升至${int(c.rng, 18, 21)}℃，来电人认可。`,
    },
    {
      kind: 'help',
      weight: 2,
      units: owners,
      urgentShare: 0.6,
      estate: true,
      text: (c) => `${c.place}整个小区停暖，换热站方向有异响，请供热公司马上派人查看。`,
      done: () => `${fixed}，小区供暖已恢复正常。`,
    },
    {
      kind: 'complaint',
      weight: 2,
      units: owners,
      urgentShare: 0.2,
      estate: true,
      text: (c) => `${c.place}暖气突然停了，打供热公司电话一直占线，请给个说法什么时候能恢复。`,
      done: () => `${fixed}，已向来电人说明情况并致歉。`,
    },
    {
      kind: 'complaint',
      weight: 1,
      units: owners,
      urgentShare: 0.3,
      estate: true,
      text: (c) => `${c.place}停暖一个多小时，不少邻居聚到换热站门口讨说法，请尽快处理。`,
      done: () => `${fixed}，已安排人员到换热站门口向居民说明情况。`,
    },
  ];
}

/**
 * 供暖故障 on a winter evening (or whenever the demo schedule puts it): the circulation pump of
 * an exchange station in 湖滨区 stops, its supply temperature falls below 45 °C within minutes
 * and stays there for about an hour (heating.supply-low needs 30 minutes); the estate calls
 * 12345 (some forty heating complaints in the hour: a surge against any usual hour), and a crowd
 * of 300–500 gathers at the gate, where a road camera within 800 m counts it. The three
 * alerts open within about twenty minutes of each other, within 1 km, in one district: one
 * incident. Null when no station has a steady camera near it.
 */
export function buildHeatingFailure(city: ScenarioCity, start: number): Episode | null {
  const rng = episodeRng(city.seed, 'heating_failure', start);
  const end = start + timeline.end * MINUTE_MS;
  const candidates: { station: HeatingDevice; cameraIndex: number }[] = [];
  for (const device of city.devices) {
    if (device.type !== 'heating' || device.district !== '411202') continue;
    const near = nearestCamera(
      device,
      city.cameras,
      CAMERA_WITHIN_KM,
      (camera) =>
        camera.district === device.district &&
        gateSites.has(camera.site) &&
        steadyCamera(camera, start, end, city.seed),
    );
    if (near) candidates.push({ station: device, cameraIndex: city.cameras.indexOf(near.camera) });
  }
  if (candidates.length === 0) return null;
  const { station, cameraIndex } = pick(rng, candidates);
  const camera = city.cameras[cameraIndex]!;
  const estate = city.hotline.communities.find((c) => `${c.name}换热站` === station.name);
  const home = {
    name: estate?.name ?? station.name.replace(/换热站$/, ''),
    at: { lon: (estate ?? station).lon, lat: (estate ?? station).lat, district: station.district },
  };

  const minutesIn = (ms: number): number => (ms - start) / MINUTE_MS;
  const readings: ReadingEffect[] = [
    {
      deviceId: station.id,
      from: start,
      to: end,
      apply(reading, ms) {
        const t = minutesIn(ms);
        const f = stalled(t, 3, 6);
        const pump = stalled(t, 0.5, 1);
        const {
          supply_temp_c: supply = 60,
          return_temp_c: back = 46,
          pressure_mpa: pressure = 0.58,
        } = reading.metrics;
        // Without circulation the outlet settles near what the loop has cooled to.
        const cold = 34 + 0.25 * (supply - 60);
        return {
          ...reading,
          metrics: {
            ...reading.metrics,
            supply_temp_c: round1(supply + (cold - supply) * f),
            return_temp_c: round1(back + (cold - 1.5 - back) * f),
            pressure_mpa: Math.round((pressure + (0.28 - pressure) * pump) * 1000) / 1000,
          },
        };
      },
    },
  ];

  const detections: CameraDetection[] = spreadTimes(
    rng,
    start + timeline.crowdFrom * MINUTE_MS,
    start + timeline.crowdTo * MINUTE_MS,
    timeline.crowdDetections,
  ).map((at) => {
    const t = minutesIn(at);
    // Grows while the flats are cold; thins out once the heating is back.
    const people =
      t <= timeline.repaired + 8
        ? 320 + 200 * Math.min(1, (t - timeline.crowdFrom) / 16)
        : 520 - 40 * (t - timeline.repaired - 8);
    const count = Math.max(40, Math.round(people * (1 + 0.05 * gaussian(rng))));
    return {
      camera,
      bucketStart: Math.floor(at / BUCKET_MS) * BUCKET_MS,
      at,
      type: 'crowd_gathering',
      confidence: Math.round(uniform(rng, 0.8, 0.96) * 100) / 100,
      severity: count > 300 ? 4 : 3,
      count,
    };
  });

  const tickets = burstTickets({
    seed: city.seed,
    idPrefix: burstIdPrefix('H', start),
    category: 'heating',
    templates: callTemplates(station, start),
    times: spreadTimes(
      rng,
      start + timeline.callsFrom * MINUTE_MS,
      start + timeline.callsTo * MINUTE_MS,
      timeline.calls,
    ),
    placeOf: () => home,
  });

  return {
    id: episodeId('heating_failure', start),
    kind: 'heating_failure',
    start,
    end,
    district: station.district,
    summary:
      `供暖故障：湖滨区${station.name}循环泵停运，供水温度跌破 45 ℃ 约 1 小时；` +
      `${camera.name}看到人群聚集；供暖投诉激增`,
    effects: { rain: [], readings, detections, outages: [], tickets },
  };
}
