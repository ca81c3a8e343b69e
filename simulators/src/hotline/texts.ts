// Texts of work orders: what citizens ask (诉求), which departments own it, what they answer
// (办理结果). Businesses and schools stay anonymous (某…), as published hotline cases are.
import { uniform, type Rng } from '../shared/random.ts';
import type { TicketCategory, TicketKind } from './ticket.ts';
import { unitIds as u } from './units.ts';

/** What a text may mention. */
export interface TextContext {
  /** Where: district + housing estate or village. */
  place: string;
  /** District name, e.g. 灵宝市. */
  district: string;
  /** Two streets of the district seat. */
  street: string;
  crossStreet: string;
  /** Another district, for the cross-district cases. */
  otherDistrict: string;
  rng: Rng;
}

/** City-level units that own a request, with weights. */
export type UnitWeights = ReadonlyArray<readonly [unitId: string, weight: number]>;

/** A kind of request: its text, who owns it, how it is answered. */
export interface RequestTemplate {
  kind: TicketKind;
  /** Relative frequency within its category. */
  weight: number;
  /** City-level owners (local governments take a share by category, see routing). */
  units: UnitWeights;
  /** Share reported as urgent. */
  urgentShare: number;
  /** Only makes sense for a housing estate (物业, 暖气 …). */
  estate: boolean;
  text: (c: TextContext) => string;
  /** The unit's answer when it completes the order. */
  done: (c: TextContext) => string;
}

const int = (rng: Rng, lo: number, hi: number): number => Math.floor(uniform(rng, lo, hi + 1));
const answered = '已电话联系来电人，就所咨询事项进行了详细解答，来电人表示清楚。';

function t(
  kind: TicketKind,
  weight: number,
  units: UnitWeights,
  text: (c: TextContext) => string,
  done: (c: TextContext) => string,
  options: { urgentShare?: number; estate?: boolean } = {},
): RequestTemplate {
  return {
    kind,
    weight,
    units,
    text,
    done,
    urgentShare: options.urgentShare ?? 0.02,
    estate: options.estate ?? false,
  };
}

const heating: UnitWeights = [
  [u.heatingCompany, 0.85],
  [u.housing, 0.15],
];
const wages: UnitWeights = [
  [u.humanResources, 0.8],
  [u.housing, 0.1],
  [u.tradeUnion, 0.1],
];

/** Request templates per category. */
export const requestTemplates: Readonly<Record<TicketCategory, readonly RequestTemplate[]>> = {
  heating: [
    t(
      'complaint',
      5,
      heating,
      (c) =>
        `${c.place}${int(c.rng, 1, 18)}号楼暖气不热，室内温度仅${int(c.rng, 11, 16)}℃，家中有老人小孩，请尽快处理。`,
      (c) =>
        `供热单位维修人员已上门排查，清洗过滤器并排气后室温恢复至${int(c.rng, 18, 22)}℃，来电人认可。`,
      { estate: true, urgentShare: 0.1 },
    ),
    t(
      'complaint',
      2,
      heating,
      (c) => `${c.place}暖气时冷时热，多次联系物业未解决。`,
      (c) => `已协调物业与供热单位对${c.place}管网进行水力平衡调节，供热效果明显改善。`,
      { estate: true },
    ),
    t(
      'help',
      1.5,
      heating,
      (c) => `${c.place}${int(c.rng, 1, 18)}号楼供暖管道漏水，楼道积水严重。`,
      () => '抢修人员已到场关阀抢修，更换破损管段后恢复供暖。',
      { estate: true, urgentShare: 0.4 },
    ),
    t(
      'consultation',
      1.5,
      heating,
      (c) => `咨询${c.place}供暖费缴纳标准及缴费方式。`,
      () => answered,
      { estate: true },
    ),
    t(
      'complaint',
      1,
      heating,
      (c) => `${c.place}至今未通暖，询问何时能正常供暖。`,
      () => '经核实系小区入口阀门故障，已维修完毕，现已正常供暖。',
      { estate: true, urgentShare: 0.05 },
    ),
  ],
  wages: [
    t(
      'complaint',
      4,
      wages,
      (c) =>
        `反映在${c.place}附近某工地务工，被拖欠${int(c.rng, 2, 8)}个月工资共计${int(c.rng, 8, 60) * 1000}元，要求尽快支付。`,
      () => '经劳动保障监察人员调查核实，施工单位已结清所欠工资，来电人已收到款项。',
    ),
    t(
      'help',
      2,
      wages,
      (c) => `${c.district}某建筑工程公司拖欠${int(c.rng, 5, 40)}名农民工工资，请求协调解决。`,
      () => '已约谈施工总包单位，督促其通过农民工工资专用账户足额发放，工资已全部支付。',
      { urgentShare: 0.05 },
    ),
    t(
      'complaint',
      1.5,
      wages,
      (c) => `反映${c.street}某餐饮店拖欠员工工资${int(c.rng, 2, 12) * 1000}元未支付。`,
      () => '经调解，用人单位已与来电人达成协议并支付拖欠工资。',
    ),
    t(
      'consultation',
      1.5,
      [
        [u.humanResources, 0.7],
        [u.justice, 0.3],
      ],
      () => '咨询被拖欠工资应如何申请劳动仲裁，需准备哪些材料。',
      () => '已告知来电人劳动仲裁申请流程及所需材料，并提供法律援助渠道。',
    ),
  ],
  roads: [
    t(
      'report',
      3,
      [
        [u.urbanManagement, 0.6],
        [u.transport, 0.4],
      ],
      (c) => `${c.street}与${c.crossStreet}交叉口附近路面出现大坑，夜间行车存在安全隐患。`,
      (c) => `已安排维修队对${c.street}破损路面进行修补，现已恢复正常通行。`,
      { urgentShare: 0.08 },
    ),
    t(
      'complaint',
      2,
      [[u.urbanManagement, 1]],
      (c) => `${c.street}人行道地砖破损多处，行人易绊倒，请维修。`,
      () => '已组织人员更换破损地砖，人行道已恢复平整。',
    ),
    t(
      'complaint',
      2,
      [
        [u.housing, 0.5],
        [u.urbanManagement, 0.5],
      ],
      (c) => `${c.place}门前道路施工后长期未恢复，出行不便。`,
      () => '已督促施工单位恢复路面，并设置安全警示标志。',
    ),
    t(
      'help',
      1.5,
      [[u.transport, 1]],
      (c) => `${c.place}通往镇上的道路雨后损毁严重，无法通行。`,
      () => '已组织机械清理塌方并对损毁路段进行临时修复，现已恢复通行。',
      { urgentShare: 0.05 },
    ),
    t(
      'suggestion',
      0.8,
      [
        [u.trafficPolice, 0.6],
        [u.urbanManagement, 0.4],
      ],
      (c) => `建议在${c.street}增设减速带和人行横道。`,
      () => '已对该路段进行实地勘察，将结合道路改造统筹增设交通设施。',
    ),
  ],
  education: [
    t(
      'consultation',
      4,
      [[u.education, 1]],
      (c) => `咨询${c.district}一年级新生入学报名时间及所需材料。`,
      () => answered,
    ),
    t(
      'complaint',
      1.5,
      [[u.education, 1]],
      (c) => `反映${c.place}附近某小学课后服务收费不合理。`,
      () => '已联系学校核实情况，学校已按规定调整收费并向家长公示。',
    ),
    t(
      'suggestion',
      1.2,
      [
        [u.education, 0.5],
        [u.trafficPolice, 0.5],
      ],
      (c) => `反映${c.place}附近学校上下学时段交通拥堵，建议增设护学岗。`,
      () => '已协调交警部门在上下学高峰时段增派警力疏导交通。',
    ),
    t(
      'consultation',
      1.5,
      [[u.education, 1]],
      () => '咨询随迁子女在三门峡就读需办理哪些手续。',
      () => answered,
    ),
    t(
      'complaint',
      0.8,
      [
        [u.education, 0.6],
        [u.market, 0.4],
      ],
      (c) => `反映${c.district}某校外培训机构停课后不予退费。`,
      () => '已责令该机构限期按规定退费，来电人已收到退款。',
    ),
  ],
  social_insurance: [
    t(
      'consultation',
      3,
      [
        [u.medicalInsurance, 0.7],
        [u.tax, 0.3],
      ],
      () => '咨询城乡居民医疗保险缴费标准及截止时间。',
      () => answered,
    ),
    t(
      'help',
      2,
      [[u.humanResources, 1]],
      () => '反映社保卡无法正常使用，请帮助查询原因。',
      () => '经查询系社保卡未激活金融功能，已指导来电人到银行网点激活，现可正常使用。',
    ),
    t(
      'consultation',
      2,
      [[u.humanResources, 1]],
      () => '咨询养老保险关系转移接续办理流程。',
      () => answered,
    ),
    t(
      'help',
      1,
      [
        [u.tax, 0.6],
        [u.medicalInsurance, 0.4],
      ],
      (c) => `反映为孩子缴纳居民医保时错缴至${c.otherDistrict}，请求协调转缴。`,
      (c) => `经与${c.otherDistrict}税务部门协调，已通过外部数据导入完成缴费。`,
    ),
    t(
      'complaint',
      1,
      [[u.humanResources, 1]],
      () => '反映退休待遇核定已超过规定时限仍未办结。',
      () => '已加快审核进度，退休待遇已核定完毕并开始发放。',
    ),
  ],
  housing: [
    t(
      'consultation',
      2.5,
      [[u.housing, 1]],
      () => '咨询公共租赁住房申请条件及办理流程。',
      () => '已告知来电人申请条件及办理渠道，可通过“线上三门峡”APP在线申请。',
    ),
    t(
      'complaint',
      2,
      [
        [u.realEstateRegistry, 0.6],
        [u.naturalResources, 0.4],
      ],
      (c) => `反映${c.place}购房多年，不动产权证至今未能办理。`,
      (c) => `已督促开发企业完善手续，${c.place}分户办证工作已启动。`,
      { estate: true },
    ),
    t(
      'complaint',
      2.5,
      [[u.housing, 1]],
      (c) => `反映${c.place}物业服务不到位，楼道卫生脏乱无人清扫。`,
      (c) => `已督促物业公司整改，${c.place}楼道卫生已清扫干净。`,
      { estate: true },
    ),
    t(
      'report',
      1.5,
      [
        [u.market, 0.7],
        [u.housing, 0.3],
      ],
      (c) => `${c.place}${int(c.rng, 1, 20)}号楼电梯频繁故障，存在安全隐患。`,
      () => '特种设备安全监察人员已现场检查，责令维保单位更换故障部件，电梯已恢复运行。',
      { estate: true, urgentShare: 0.15 },
    ),
    t(
      'consultation',
      1.5,
      [[u.housingFund, 1]],
      () => '咨询住房公积金提取及贷款办理流程。',
      () => answered,
    ),
  ],
  environment: [
    t(
      'complaint',
      3,
      [
        [u.ecology, 0.5],
        [u.urbanManagement, 0.5],
      ],
      (c) => `反映${c.place}附近工地夜间施工噪声扰民，影响休息。`,
      () => '执法人员已到现场核查，责令施工单位停止夜间作业，并将加强巡查。',
    ),
    t(
      'report',
      1.5,
      [
        [u.urbanManagement, 0.7],
        [u.ecology, 0.3],
      ],
      (c) => `反映${c.street}附近有焚烧垃圾现象，烟味较大。`,
      () => '执法人员已到现场制止焚烧行为，并对责任人进行批评教育。',
    ),
    t(
      'complaint',
      2,
      [[u.urbanManagement, 1]],
      (c) => `${c.place}周边生活垃圾清运不及时，异味严重。`,
      () => '已安排环卫人员清运垃圾并对周边进行消杀，增加清运频次。',
    ),
    t(
      'complaint',
      1.5,
      [
        [u.ecology, 0.5],
        [u.urbanManagement, 0.5],
      ],
      (c) => `反映${c.street}某餐饮店油烟直排，影响周边居民。`,
      () => '已责令该餐饮店安装油烟净化设施，现已整改到位。',
    ),
    t(
      'report',
      0.8,
      [
        [u.ecology, 0.6],
        [u.waterResources, 0.2],
        [u.agriculture, 0.2],
      ],
      (c) => `反映${c.place}附近河道有污水排放，水体发黑。`,
      () => '经现场排查，已封堵排污口并对相关责任单位立案调查。',
    ),
  ],
  traffic: [
    t(
      'report',
      2,
      [[u.trafficPolice, 1]],
      (c) => `反映${c.street}与${c.crossStreet}交叉口信号灯故障。`,
      () => '已通知设施维护单位对信号灯进行维修，现已恢复正常。',
      { urgentShare: 0.2 },
    ),
    t(
      'suggestion',
      1.5,
      [
        [u.busCompany, 0.8],
        [u.transport, 0.2],
      ],
      (c) => `建议${int(c.rng, 1, 36)}路公交车增加班次，早高峰等车时间过长。`,
      () => '已将建议转交公交公司研究，将结合客流情况优化早高峰发车间隔。',
    ),
    t(
      'complaint',
      2,
      [[u.trafficPolice, 1]],
      (c) => `反映${c.street}违停车辆较多，影响正常通行。`,
      () => '交警部门已加强该路段巡查，对违停车辆依法处理。',
    ),
    t(
      'consultation',
      1.5,
      [[u.trafficPolice, 1]],
      () => '咨询机动车违法处理地点及办理时间。',
      () => answered,
    ),
    t(
      'complaint',
      1,
      [[u.transport, 1]],
      () => '反映出租车拒载、绕路，要求处理。',
      () => '经调取车载监控核实，已对涉事驾驶员依规处理。',
    ),
  ],
  water_power: [
    t(
      'help',
      3,
      [[u.waterCompany, 1]],
      (c) => `${c.place}停水已${int(c.rng, 4, 30)}小时，未接到停水通知，请尽快恢复。`,
      (c) => `抢修人员已到场处理，${c.place}已恢复供水。`,
      { urgentShare: 0.35 },
    ),
    t(
      'help',
      2.5,
      [[u.powerCompany, 1]],
      (c) => `${c.place}频繁停电，影响正常生活。`,
      () => '经排查为线路故障，已抢修恢复供电，并对老旧线路进行改造。',
      { urgentShare: 0.3 },
    ),
    t(
      'report',
      1.5,
      [
        [u.waterCompany, 0.8],
        [u.waterResources, 0.2],
      ],
      (c) => `反映${c.street}自来水管道破裂，水流到路面。`,
      () => '抢修人员已关阀抢修，更换破损管道后恢复供水。',
      { urgentShare: 0.5 },
    ),
    t(
      'complaint',
      1.5,
      [[u.waterCompany, 1]],
      (c) => `${c.place}水压低，高层住户无法正常用水。`,
      () => '已对小区二次供水设备进行检修，水压已恢复正常。',
      { estate: true },
    ),
    t(
      'consultation',
      1,
      [[u.gasCompany, 1]],
      () => '咨询天然气开户及过户办理流程。',
      () => answered,
    ),
    t(
      'report',
      0.5,
      [[u.gasCompany, 1]],
      (c) => `反映${c.place}附近闻到燃气异味。`,
      () => '燃气公司抢险人员已到场检测，排除一处接头泄漏隐患。',
      { urgentShare: 0.9 },
    ),
  ],
  other: [
    t(
      'complaint',
      2,
      [[u.market, 1]],
      (c) => `反映${c.street}某超市销售过期食品。`,
      () => '市场监管执法人员已现场检查，下架过期食品并立案调查。',
    ),
    t(
      'consultation',
      1.5,
      [
        [u.dataBureau, 0.6],
        [u.health, 0.4],
      ],
      () => '咨询新生儿出生医学证明、户口登记和参保“一件事”联办流程。',
      () => answered,
    ),
    t(
      'suggestion',
      1.2,
      [
        [u.civilAffairs, 0.6],
        [u.commerce, 0.4],
      ],
      (c) => `建议在${c.place}附近增设便民服务点。`,
      () => '已将建议纳入社区便民服务设施规划统筹考虑。',
    ),
    t(
      'complaint',
      1.5,
      [
        [u.market, 0.7],
        [u.commerce, 0.3],
      ],
      (c) => `反映${c.district}某健身房预付卡无法退费，经营者失联。`,
      () => '已对该经营者立案调查，并指导来电人通过诉讼途径维权。',
    ),
    t(
      'consultation',
      1.2,
      [
        [u.humanResources, 0.5],
        [u.dataBureau, 0.5],
      ],
      () => '咨询“线上三门峡”APP电子社保卡申领方法。',
      () => answered,
    ),
    t(
      'help',
      1,
      [
        [u.civilAffairs, 0.7],
        [u.police, 0.3],
      ],
      (c) => `反映${c.place}有流浪人员需要救助。`,
      () => '救助管理站工作人员已将其接至救助站妥善安置。',
      { urgentShare: 0.3 },
    ),
    t(
      'consultation',
      0.8,
      [[u.veterans, 1]],
      () => '咨询退役军人优待证申领条件及办理地点。',
      () => answered,
    ),
    t(
      'consultation',
      1,
      [[u.police, 1]],
      () => '咨询户口迁移办理流程及所需材料。',
      () => answered,
    ),
    t(
      'complaint',
      0.8,
      [[u.health, 1]],
      (c) => `反映${c.street}某诊所无证行医。`,
      () => '卫生监督人员已现场检查，依法取缔并立案处罚。',
    ),
    t(
      'complaint',
      0.6,
      [[u.development, 1]],
      (c) => `反映${c.district}某停车场收费标准不明确，涉嫌乱收费。`,
      () => '已责令经营者明码标价，按核定标准收费。',
    ),
    t(
      'report',
      0.5,
      [[u.emergency, 1]],
      (c) => `反映${c.place}附近某企业存在安全生产隐患。`,
      () => '执法人员已到企业检查，责令限期整改安全隐患。',
    ),
    t(
      'complaint',
      0.5,
      [[u.culture, 1]],
      (c) => `反映${c.district}某景区实际收费与公示价格不符。`,
      () => '已约谈景区负责人，督促其严格按公示价格收费。',
    ),
    t(
      'consultation',
      0.5,
      [[u.agriculture, 1]],
      () => '咨询农机购置补贴申请条件及办理流程。',
      () => answered,
    ),
    t(
      'consultation',
      0.4,
      [[u.justice, 1]],
      () => '咨询法律援助申请条件及办理流程。',
      () => answered,
    ),
    t(
      'consultation',
      0.4,
      [[u.finance, 1]],
      () => '咨询惠民惠农财政补贴资金发放进度。',
      () => answered,
    ),
    t(
      'help',
      0.4,
      [[u.industry, 1]],
      () => '反映企业生产经营遇到用工、融资困难，请求帮扶。',
      () => '已协调相关部门上门对接，帮助企业落实扶持政策。',
    ),
    t(
      'complaint',
      0.4,
      [[u.petitions, 1]],
      () => '反映所提信访事项超过办理期限仍未得到答复。',
      () => '已督促责任单位办理并书面答复来电人。',
    ),
    t(
      'complaint',
      0.3,
      [[u.ambulanceCentre, 1]],
      (c) => `反映${c.place}呼叫120后急救车到达时间过长。`,
      () => '经调取调度录音和车辆轨迹核实，已向来电人说明情况并优化就近派车。',
    ),
  ],
};

/** Why a unit returns (退单) a mis-dispatched order. */
export const returnReasons = [
  '该诉求不属于我单位职责范围，请重新派发。',
  '诉求地点不在我单位辖区，请改派属地单位办理。',
  '经核实该事项由其他部门主管，申请退回。',
] as const;

/** Why a citizen's order is reopened (重办) after the callback. */
export const reopenReasons = [
  '回访时群众表示问题仍未解决，申请重新办理。',
  '群众对办理结果不满意，要求重新处理。',
] as const;
