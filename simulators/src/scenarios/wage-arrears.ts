import { locateDistrict } from '@city-twin/events/districts';
import { MINUTE_MS } from '../shared/china-time.ts';
import { round6, type DistrictCode } from '../shared/geo.ts';
import { pick, uniform, type Rng } from '../shared/random.ts';
import { daysToSpringFestival } from '../shared/seasons.ts';
import { seatOf, seatPoint } from '../shared/seats.ts';
import type { RequestTemplate } from '../hotline/texts.ts';
import { unitIds } from '../hotline/units.ts';
import type { Episode } from './episode.ts';
import { episodeId, episodeRng, spreadTimes, type ScenarioCity } from './scenario-city.ts';
import { burstIdPrefix, burstTickets } from './scenario-tickets.ts';

/** The counties and county-level cities and districts outside the city proper. */
const counties: readonly DistrictCode[] = ['411203', '411221', '411224', '411281', '411282'];
const projects = ['安置房', '商住楼', '学校教学楼', '市政道路', '棚户区改造', '产业园厂房'];
const CALLS = 30;
const CALL_MINUTES = 50;

const int = (rng: Rng, lo: number, hi: number): number => Math.floor(uniform(rng, lo, hi + 1));

function callTemplates(workers: number, months: number, festival: boolean): RequestTemplate[] {
  const owners = [
    [unitIds.humanResources, 0.8],
    [unitIds.housing, 0.1],
    [unitIds.tradeUnion, 0.1],
  ] as const;
  const done = () =>
    '经劳动保障监察人员调查核实，已督促施工总包单位通过农民工工资专用账户足额发放拖欠工资，来电人已收到款项。';
  const hurry = festival ? '眼看就要过年了，大家等着拿钱回家' : '多次讨要无果';
  return [
    {
      kind: 'complaint',
      weight: 4,
      units: owners,
      urgentShare: 0.05,
      estate: false,
      text: (c) =>
        `反映在${c.place}务工，包工头拖欠${workers}名工友${months}个月工资，本人被欠${int(c.rng, 12, 45) * 1000}元，${hurry}，请求尽快协调发放。`,
      done,
    },
    {
      kind: 'help',
      weight: 2,
      units: owners,
      urgentShare: 0.1,
      estate: false,
      text: (c) =>
        `${c.place}${workers}名农民工工资被拖欠，施工单位称总包未拨付工程款，工人们已在项目部等了一天，请求协调解决。`,
      done,
    },
    {
      kind: 'consultation',
      weight: 1,
      units: owners,
      urgentShare: 0,
      estate: false,
      text: (c) => `咨询${c.place}欠薪问题应向哪个部门投诉，工友们已经等了${months}个月。`,
      done: () => '已告知来电人向劳动保障监察机构投诉的渠道及所需材料，并同步转办核查。',
    },
  ];
}

/**
 * 欠薪: the workers of one building site in a county are owed months of pay and call 12345
 * together, some thirty wage complaints within an hour (a surge of the category in the
 * county); before the Spring Festival they say they want to go home with it.
 */
export function buildWageArrears(city: ScenarioCity, start: number): Episode | null {
  const rng = episodeRng(city.seed, 'wage_arrears', start);
  const seat = seatOf(pick(rng, counties));
  let site = seat.center;
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = seatPoint(seat, uniform(rng, -1.2, 1.2), uniform(rng, -1.2, 1.2));
    if (locateDistrict(candidate.lon, candidate.lat) === seat.code) {
      site = candidate;
      break;
    }
  }
  // 城关镇 and 大营镇 name the seat; 义马's seat has no town name of its own.
  const town = seat.town.endsWith('镇') ? seat.town : '';
  const name = `${town}某${pick(rng, projects)}项目工地`;
  const workers = int(rng, 40, 90);
  const months = int(rng, 3, 7);
  const festival = daysToSpringFestival(start) <= 45;
  const tickets = burstTickets({
    seed: city.seed,
    idPrefix: burstIdPrefix('W', start),
    category: 'wages',
    templates: callTemplates(workers, months, festival),
    times: spreadTimes(rng, start, start + CALL_MINUTES * MINUTE_MS, CALLS),
    placeOf: () => ({
      name,
      at: { lon: round6(site.lon), lat: round6(site.lat), district: seat.code },
    }),
  });
  return {
    id: episodeId('wage_arrears', start),
    kind: 'wage_arrears',
    start,
    end: start + CALL_MINUTES * MINUTE_MS,
    district: seat.code,
    summary: `欠薪：${seat.district}${name}拖欠 ${workers} 名农民工工资，欠薪投诉激增`,
    effects: { rain: [], readings: [], detections: [], outages: [], tickets },
  };
}
