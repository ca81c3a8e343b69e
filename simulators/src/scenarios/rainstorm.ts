import { HOUR_MS, MINUTE_MS } from '../shared/china-time.ts';
import type { DistrictCode } from '../shared/geo.ts';
import { pick, pickWeighted, uniform } from '../shared/random.ts';
import type { RainSpell } from '../shared/weather.ts';
import type { RequestTemplate } from '../hotline/texts.ts';
import { unitIds } from '../hotline/units.ts';
import type { ManholeDevice } from '../iot/device.ts';
import type { Episode, ReadingEffect } from './episode.ts';
import { episodeId, episodeRng, spreadTimes, type ScenarioCity } from './scenario-city.ts';
import { burstIdPrefix, burstTickets } from './scenario-tickets.ts';

/** Hours after the first drops. */
const timeline = {
  /** Light rain, then the downpour (暴雨), then its tail. */
  downpourFrom: 1,
  downpourTo: 8,
  dryAt: 9.5,
  /** Storm-drain covers lifted by the surcharged sewers, one after another. */
  coversFrom: 2,
  covers: 4,
  /** Road reports: a few in the downpour, most once people are out again. */
  reportsDuring: 8,
  reportsAfter: 18,
  reportsUntil: 16,
} as const;

const districtWeights: ReadonlyArray<readonly [DistrictCode, number]> = [
  ['411202', 0.55],
  ['411203', 0.15],
  ['411282', 0.15],
  ['411281', 0.15],
];

function reportTemplates(): RequestTemplate[] {
  const owners = [
    [unitIds.urbanManagement, 0.7],
    [unitIds.transport, 0.3],
  ] as const;
  return [
    {
      kind: 'report',
      weight: 3,
      units: owners,
      urgentShare: 0.3,
      estate: false,
      text: (c) =>
        `${c.street}与${c.crossStreet}交叉口积水很深，已没过半个车轮，有车辆熄火，请尽快排水。`,
      done: () => '已组织排水抢险队伍到场抽排积水并疏通雨水口，现已恢复通行。',
    },
    {
      kind: 'report',
      weight: 3,
      units: owners,
      urgentShare: 0.15,
      estate: false,
      text: (c) => `暴雨过后${c.street}路面塌陷出现大坑，夜间行车存在安全隐患。`,
      done: (c) => `已设置围挡警示，并对${c.street}塌陷路面进行回填修复，现已恢复通行。`,
    },
    {
      kind: 'complaint',
      weight: 2,
      units: owners,
      urgentShare: 0.05,
      estate: true,
      text: (c) => `${c.place}门前道路雨后积水排不出去，出行困难。`,
      done: () => '已疏通堵塞的雨水管道，积水已排除。',
    },
    {
      kind: 'report',
      weight: 1.5,
      units: owners,
      urgentShare: 0.4,
      estate: false,
      text: (c) => `暴雨后${c.street}一处井盖被冲开，路面有个黑洞，很危险。`,
      done: () => '已安排人员设置警示并复位井盖，更换为防坠落井盖。',
    },
  ];
}

/**
 * 暴雨: about seven hours of downpour added to the city's weather, so that everything the
 * weather drives follows — tributary gauges rise above 2.5 m a few hours in and stay there for
 * hours (water.tributary-warning), cameras see standing water (camera.waterlogging), storm
 * drains fill and a few of their covers are lifted and tilted by the surcharged sewers
 * (manhole.open, manhole.tilt), traffic slows; after the rain the roads are reported, damaged.
 */
export function buildRainstorm(city: ScenarioCity, start: number): Episode | null {
  const rng = episodeRng(city.seed, 'rainstorm', start);
  const at = (hours: number): number => start + hours * HOUR_MS;
  const rain: RainSpell[] = [
    { start, end: at(timeline.downpourFrom), intensity: 0.45 },
    { start: at(timeline.downpourFrom), end: at(timeline.downpourTo), intensity: 1 },
    { start: at(timeline.downpourTo), end: at(timeline.dryAt), intensity: 0.35 },
  ];

  const drains = city.devices.filter(
    (d): d is ManholeDevice =>
      d.type === 'manhole' && d.kind === 'storm' && d.district === '411202',
  );
  const readings: ReadingEffect[] = [];
  const lifted = new Set<string>();
  for (let i = 0; i < timeline.covers && lifted.size < drains.length; i++) {
    const cover = pick(rng, drains);
    if (lifted.has(cover.id)) continue;
    lifted.add(cover.id);
    const from = Math.floor(at(timeline.coversFrom) + (i * 40 + uniform(rng, 0, 20)) * MINUTE_MS);
    const tiltDeg = uniform(rng, 9, 32);
    const open = i === 0 || tiltDeg > 22;
    readings.push({
      deviceId: cover.id,
      from,
      to: Math.floor(from + uniform(rng, 2, 4) * HOUR_MS),
      apply(reading) {
        const seated = reading.metrics.tilt_deg ?? 1;
        return {
          ...reading,
          metrics: {
            ...reading.metrics,
            tilt_deg: Math.round((tiltDeg + 2 * (seated - 1)) * 10) / 10,
            open: open ? 1 : 0,
          },
        };
      },
    });
  }

  const times = [
    ...spreadTimes(rng, at(3), at(timeline.downpourTo), timeline.reportsDuring),
    ...spreadTimes(rng, at(timeline.downpourTo), at(timeline.reportsUntil), timeline.reportsAfter),
  ];
  const tickets = burstTickets({
    seed: city.seed,
    idPrefix: burstIdPrefix('R', start),
    category: 'roads',
    templates: reportTemplates(),
    times,
    placeOf: (_i, own) => {
      const district = pickWeighted(own, districtWeights);
      const estate = pick(
        own,
        city.hotline.communities.filter((c) => c.district === district),
      );
      return { name: estate.name, at: estate };
    },
  });

  return {
    id: episodeId('rainstorm', start),
    kind: 'rainstorm',
    start,
    end: at(timeline.reportsUntil),
    district: '411202',
    summary:
      '暴雨：约 7 小时强降雨，支流水位超警戒，道路积水，' +
      `${readings.length} 处雨水井盖被顶起，雨后道路报修增多`,
    effects: { rain, readings, detections: [], outages: [], tickets },
  };
}
