import { districtByCode, offsetKm, type DistrictCode, type LonLat } from './geo.ts';

/** A square (广场) of a seat, placed relative to the seat's centre. */
export interface Square {
  name: string;
  eastKm: number;
  northKm: number;
}

/**
 * A district seat (城区): the urban area of a district around its label point, with a notional
 * street grid. Street names are local and real-sounding; their layout is synthetic.
 */
export interface Seat {
  code: DistrictCode;
  /** District name, e.g. 湖滨区. */
  district: string;
  /** Name of the seat town as used in addresses, e.g. 大营镇. */
  town: string;
  center: LonLat;
  /** East–west streets, south to north. */
  eastWest: readonly string[];
  /** North–south streets, west to east. */
  northSouth: readonly string[];
  /** Block size, km. */
  spacingKm: number;
  /** Grid rotation, degrees anticlockwise. */
  rotationDeg: number;
  /** Share of the city's urban infrastructure (lights, manholes, cameras …). */
  weight: number;
  squares: readonly Square[];
  /** Local words for housing estate names. */
  estateWords: readonly string[];
}

type SeatSpec = Omit<Seat, 'district' | 'center'>;

const specs: readonly SeatSpec[] = [
  {
    code: '411202', // 湖滨区: the city proper
    town: '湖滨',
    eastWest: ['陕州大道', '崤山路', '和平路', '上阳路', '黄河路', '湖滨路'],
    northSouth: ['大岭路', '六峰路', '甘棠路', '文明路', '建设路', '经一路', '五原路', '虢国路'],
    spacingKm: 0.7,
    rotationDeg: 6,
    weight: 0.45,
    squares: [
      { name: '天鹅湖广场', eastKm: 0.4, northKm: 1.6 },
      { name: '陕州公园广场', eastKm: -1.6, northKm: 1.0 },
      { name: '人民公园广场', eastKm: -0.5, northKm: 0.3 },
      { name: '三门峡站站前广场', eastKm: 0.9, northKm: -0.7 },
      { name: '虢国博物馆广场', eastKm: -0.9, northKm: -1.1 },
      { name: '甘棠文化广场', eastKm: 1.5, northKm: 0.5 },
    ],
    estateWords: ['上阳', '甘棠', '崤山', '虢国', '天鹅', '六峰', '涧河', '湖光', '大岭', '湖滨'],
  },
  {
    code: '411203', // 陕州区, seat at 大营镇
    town: '大营镇',
    eastWest: ['迎宾大道', '召公路', '甘棠大道', '人民路', '建设路'],
    northSouth: ['文化路', '陕州路', '大营路', '兴业路', '滨河路'],
    spacingKm: 0.55,
    rotationDeg: -4,
    weight: 0.1,
    squares: [
      { name: '召公广场', eastKm: 0.3, northKm: 0.2 },
      { name: '陕州区文化广场', eastKm: -0.6, northKm: -0.4 },
    ],
    estateWords: ['召公', '大营', '陕州', '甘棠', '地坑院'],
  },
  {
    code: '411221', // 渑池县, seat at 城关镇
    town: '城关镇',
    eastWest: ['仰韶大街', '黄河路', '新华路', '韶州路', '会盟路'],
    northSouth: ['西环路', '人民路', '文化路', '建设路', '东环路'],
    spacingKm: 0.55,
    rotationDeg: 3,
    weight: 0.1,
    squares: [
      { name: '仰韶广场', eastKm: 0.2, northKm: 0.3 },
      { name: '会盟广场', eastKm: -0.7, northKm: -0.3 },
    ],
    estateWords: ['仰韶', '韶州', '会盟', '渑池', '彩陶'],
  },
  {
    code: '411224', // 卢氏县, seat at 城关镇 on the 洛河
    town: '城关镇',
    eastWest: ['洛河路', '莘川大道', '人民路', '和平路'],
    northSouth: ['文峪路', '新建路', '城关路', '东明路'],
    spacingKm: 0.5,
    rotationDeg: 0,
    weight: 0.08,
    squares: [
      { name: '莘川广场', eastKm: 0.2, northKm: 0.1 },
      { name: '卢氏县文化广场', eastKm: -0.5, northKm: 0.3 },
    ],
    estateWords: ['莘川', '洛河', '文峪', '卢氏', '东明'],
  },
  {
    code: '411281', // 义马市
    town: '义马',
    eastWest: ['河堤路', '千秋路', '朝阳路', '常村路', '银杏路'],
    northSouth: ['泰山路', '人民路', '新义街', '广场路', '跃进路'],
    spacingKm: 0.55,
    rotationDeg: 2,
    weight: 0.12,
    squares: [
      { name: '义马市文化广场', eastKm: 0.1, northKm: 0.2 },
      { name: '千秋广场', eastKm: 0.8, northKm: -0.3 },
    ],
    estateWords: ['千秋', '泰山', '常村', '义马', '银杏'],
  },
  {
    code: '411282', // 灵宝市, seat at 城关镇
    town: '城关镇',
    eastWest: ['金城大道', '函谷路', '荆山路', '五龙路', '长安路', '新华路'],
    northSouth: ['桃林路', '建设路', '胜利路', '园林路', '灵宝大道', '城东路'],
    spacingKm: 0.6,
    rotationDeg: -3,
    weight: 0.15,
    squares: [
      { name: '灵宝市人民广场', eastKm: 0.2, northKm: 0.2 },
      { name: '函谷文化广场', eastKm: -0.9, northKm: 0.6 },
    ],
    estateWords: ['函谷', '荆山', '桃林', '金城', '五龙', '灵宝'],
  },
];

/** The six district seats, in the fixed district order. */
export const seats: readonly Seat[] = specs.map((spec) => {
  const district = districtByCode(spec.code);
  const [lon, lat] = district.center;
  return { ...spec, district: district.name, center: { lon, lat } };
});

/** The seat of district `code`. */
export function seatOf(code: string): Seat {
  const seat = seats.find((s) => s.code === code);
  if (!seat) throw new Error(`no seat for district ${code}`);
  return seat;
}

/** Position in the seat's grid frame (km east/north of the centre, before rotation) on the map. */
export function seatPoint(seat: Seat, xKm: number, yKm: number): LonLat {
  const angle = (seat.rotationDeg * Math.PI) / 180;
  const east = xKm * Math.cos(angle) - yKm * Math.sin(angle);
  const north = xKm * Math.sin(angle) + yKm * Math.cos(angle);
  return offsetKm(seat.center, east, north);
}

/** Grid coordinate, km, of street `index` of `count` (centred on the seat). */
export const gridOffsetKm = (seat: Seat, index: number, count: number): number =>
  (index - (count - 1) / 2) * seat.spacingKm;

/** The crossing of east–west street `i` and north–south street `j`. */
export function intersection(seat: Seat, i: number, j: number): LonLat {
  return seatPoint(
    seat,
    gridOffsetKm(seat, j, seat.northSouth.length),
    gridOffsetKm(seat, i, seat.eastWest.length),
  );
}

/** A street of the seat grid with its two ends in grid km. */
export interface Street {
  name: string;
  from: { x: number; y: number };
  to: { x: number; y: number };
}

/** Every street of the seat grid, east–west first. */
export function streetsOf(seat: Seat): Street[] {
  const ew = seat.eastWest.length;
  const ns = seat.northSouth.length;
  const xMin = gridOffsetKm(seat, 0, ns) - seat.spacingKm / 2;
  const xMax = gridOffsetKm(seat, ns - 1, ns) + seat.spacingKm / 2;
  const yMin = gridOffsetKm(seat, 0, ew) - seat.spacingKm / 2;
  const yMax = gridOffsetKm(seat, ew - 1, ew) + seat.spacingKm / 2;
  return [
    ...seat.eastWest.map((name, i) => {
      const y = gridOffsetKm(seat, i, ew);
      return { name, from: { x: xMin, y }, to: { x: xMax, y } };
    }),
    ...seat.northSouth.map((name, j) => {
      const x = gridOffsetKm(seat, j, ns);
      return { name, from: { x, y: yMin }, to: { x, y: yMax } };
    }),
  ];
}

/** Length of a street, km. */
export const streetLengthKm = (street: Street): number =>
  Math.hypot(street.to.x - street.from.x, street.to.y - street.from.y);

/** A random spot beside a street of the seat: streets are chosen by length. */
export function spotOnStreets(
  seat: Seat,
  rng: () => number,
): { street: Street; point: LonLat; alongKm: number } {
  const streets = streetsOf(seat);
  const total = streets.reduce((sum, s) => sum + streetLengthKm(s), 0);
  let x = rng() * total;
  let street = streets[0]!;
  for (const candidate of streets) {
    street = candidate;
    x -= streetLengthKm(candidate);
    if (x < 0) break;
  }
  const t = rng();
  const side = (rng() < 0.5 ? -1 : 1) * (0.008 + 0.008 * rng());
  const dx = street.to.x - street.from.x;
  const dy = street.to.y - street.from.y;
  const length = Math.hypot(dx, dy) || 1;
  const point = seatPoint(
    seat,
    street.from.x + dx * t - (dy / length) * side,
    street.from.y + dy * t + (dx / length) * side,
  );
  return { street, point, alongKm: t * length };
}
