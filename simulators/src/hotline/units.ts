import type { DistrictCode } from '../shared/geo.ts';

/** Kind of a handling unit (承办单位), as in the wire contract. */
export type UnitKind =
  | 'city_department'
  | 'county_government'
  | 'township'
  | 'public_institution'
  | 'enterprise'
  | 'other';

/** One of the 58 units the 12345 hotline dispatches work orders to. */
export interface Unit {
  /** `u-01` … `u-58`. */
  id: string;
  /** Official name. */
  name: string;
  kind: UnitKind;
  /** District of a county-level unit. */
  district?: DistrictCode;
}

type UnitSpec = readonly [name: string, kind: UnitKind, district?: DistrictCode];

// 全市58家行政、事业单位: order fixes the ids, so only ever append.
const specs: readonly UnitSpec[] = [
  ['三门峡市人力资源和社会保障局', 'city_department'], // u-01 市人社局
  ['三门峡市住房和城乡建设局', 'city_department'], // u-02 市住建局
  ['三门峡市城市管理局', 'city_department'], // u-03 市城管局
  ['三门峡市交通运输局', 'city_department'], // u-04
  ['三门峡市教育局', 'city_department'], // u-05
  ['三门峡市生态环境局', 'city_department'], // u-06
  ['三门峡市市场监督管理局', 'city_department'], // u-07 市市场监管局
  ['三门峡市公安局交通管理支队', 'city_department'], // u-08 交警支队
  ['三门峡市医疗保障局', 'city_department'], // u-09
  ['三门峡市卫生健康委员会', 'city_department'], // u-10
  ['三门峡市自然资源和规划局', 'city_department'], // u-11
  ['三门峡市水利局', 'city_department'], // u-12
  ['三门峡市民政局', 'city_department'], // u-13
  ['国家税务总局三门峡市税务局', 'city_department'], // u-14
  ['三门峡市发展和改革委员会', 'city_department'], // u-15
  ['三门峡市农业农村局', 'city_department'], // u-16
  ['三门峡市应急管理局', 'city_department'], // u-17
  ['三门峡市文化广电和旅游局', 'city_department'], // u-18
  ['三门峡市商务局', 'city_department'], // u-19
  ['三门峡市政务服务和大数据管理局', 'city_department'], // u-20
  ['三门峡市退役军人事务局', 'city_department'], // u-21
  ['三门峡市司法局', 'city_department'], // u-22
  ['三门峡市财政局', 'city_department'], // u-23
  ['三门峡市工业和信息化局', 'city_department'], // u-24
  ['三门峡市公安局', 'city_department'], // u-25
  ['三门峡市总工会', 'other'], // u-26
  ['三门峡市信访局', 'city_department'], // u-27
  ['三门峡市住房公积金管理中心', 'public_institution'], // u-28
  ['三门峡市不动产登记中心', 'public_institution'], // u-29
  ['三门峡市120急救指挥中心', 'public_institution'], // u-30
  ['三门峡市供热公司', 'enterprise'], // u-31 市供热公司
  ['三门峡市自来水公司', 'enterprise'], // u-32
  ['国网三门峡供电公司', 'enterprise'], // u-33
  ['三门峡市公共交通有限公司', 'enterprise'], // u-34
  ['三门峡市燃气有限公司', 'enterprise'], // u-35
  ['湖滨区人民政府', 'county_government', '411202'], // u-36
  ['陕州区人民政府', 'county_government', '411203'], // u-37
  ['渑池县人民政府', 'county_government', '411221'], // u-38
  ['卢氏县人民政府', 'county_government', '411224'], // u-39
  ['义马市人民政府', 'county_government', '411281'], // u-40
  ['灵宝市人民政府', 'county_government', '411282'], // u-41
  ['湖滨区湖滨街道办事处', 'township', '411202'], // u-42
  ['湖滨区前进街道办事处', 'township', '411202'], // u-43
  ['湖滨区车站街道办事处', 'township', '411202'], // u-44
  ['湖滨区涧河街道办事处', 'township', '411202'], // u-45
  ['湖滨区崖底街道办事处', 'township', '411202'], // u-46
  ['湖滨区会兴街道办事处', 'township', '411202'], // u-47
  ['陕州区大营镇人民政府', 'township', '411203'], // u-48
  ['陕州区原店镇人民政府', 'township', '411203'], // u-49
  ['陕州区张湾乡人民政府', 'township', '411203'], // u-50
  ['渑池县城关镇人民政府', 'township', '411221'], // u-51
  ['渑池县英豪镇人民政府', 'township', '411221'], // u-52
  ['卢氏县城关镇人民政府', 'township', '411224'], // u-53
  ['义马市千秋路街道办事处', 'township', '411281'], // u-54
  ['义马市新区街道办事处', 'township', '411281'], // u-55
  ['灵宝市城关镇人民政府', 'township', '411282'], // u-56
  ['灵宝市函谷关镇人民政府', 'township', '411282'], // u-57
  ['灵宝市豫灵镇人民政府', 'township', '411282'], // u-58
];

/** The 58 handling units, `u-01` … `u-58`. */
export const units: readonly Unit[] = specs.map(([name, kind, district], index) => ({
  id: `u-${String(index + 1).padStart(2, '0')}`,
  name,
  kind,
  ...(district ? { district } : {}),
}));

/** Ids of units other modules refer to by role. */
export const unitIds = {
  humanResources: 'u-01',
  housing: 'u-02',
  urbanManagement: 'u-03',
  transport: 'u-04',
  education: 'u-05',
  ecology: 'u-06',
  market: 'u-07',
  trafficPolice: 'u-08',
  medicalInsurance: 'u-09',
  health: 'u-10',
  naturalResources: 'u-11',
  waterResources: 'u-12',
  civilAffairs: 'u-13',
  tax: 'u-14',
  development: 'u-15',
  agriculture: 'u-16',
  emergency: 'u-17',
  culture: 'u-18',
  commerce: 'u-19',
  dataBureau: 'u-20',
  veterans: 'u-21',
  justice: 'u-22',
  finance: 'u-23',
  industry: 'u-24',
  police: 'u-25',
  tradeUnion: 'u-26',
  petitions: 'u-27',
  housingFund: 'u-28',
  realEstateRegistry: 'u-29',
  ambulanceCentre: 'u-30',
  heatingCompany: 'u-31',
  waterCompany: 'u-32',
  powerCompany: 'u-33',
  busCompany: 'u-34',
  gasCompany: 'u-35',
} as const;

/** The county-level government (区/县/市人民政府) of district `code`. */
export function countyGovernment(code: string): Unit {
  const unit = units.find((u) => u.kind === 'county_government' && u.district === code);
  if (!unit) throw new Error(`no county government for district ${code}`);
  return unit;
}

/** Townships and subdistricts (乡镇/街道) of district `code`. */
export const townshipsOf = (code: string): Unit[] =>
  units.filter((u) => u.kind === 'township' && u.district === code);

/** A unit by id. */
export function unitById(id: string): Unit {
  const unit = units.find((u) => u.id === id);
  if (!unit) throw new Error(`unknown unit ${id}`);
  return unit;
}
