/** Simplified Chinese, the default catalogue; its shape is the type of every other catalogue. */
export const zhCN = {
  app: {
    title: '三门峡城市运行指挥中心',
    subtitle: '城市运行 · 物联感知 · 一屏统览',
  },
  header: {
    languageZh: '中',
    languageEn: 'EN',
    languageToggle: '切换为英文',
    clockLabel: '北京时间',
  },
  link: {
    connecting: '连接中',
    live: '实时',
    reconnecting: '重连中',
    connectingTitle: '正在连接城市数据服务…',
    reconnectingTitle: '正在重新连接…',
    reconnectingDetail: '数据服务暂时不可达，每 5 秒自动重试',
    lastUpdate: '最近更新 {{time}}',
    neverUpdated: '尚未收到数据',
  },
  air: {
    overviewTitle: '空气质量监测',
    stationCount: '监测站点',
    averageAqi: '平均 AQI',
    reportingCount: '在报站点',
    legendTitle: 'AQI 等级',
    worstTitle: '污染最重站点 TOP5',
    noStations: '暂无站点数据',
    aqi: 'AQI',
    pm25: 'PM2.5',
    pm25Unit: 'µg/m³',
    stationsUnit: '个',
    noValue: '—',
    bands: {
      excellent: '优',
      good: '良',
      lightlyPolluted: '轻度污染',
      moderatelyPolluted: '中度污染',
      heavilyPolluted: '重度污染',
      severelyPolluted: '严重污染',
      noData: '无数据',
    },
  },
  district: {
    title: '行政区划',
    name: '区县',
    stations: '站点',
    averageAqi: '平均 AQI',
    outside: '市域外',
  },
  ingest: {
    title: '数据接入',
    accepted: '已接收',
    duplicates: '重复',
    rejected: '已拒绝',
    storage: '存储模式',
    storageTimescale: 'TimescaleDB 时序库',
    storagePostgres: 'PostgreSQL',
    storageUnknown: '未知',
  },
  tooltip: {
    district: '所属区县',
    aqi: 'AQI',
    pm25: 'PM2.5',
    updatedAt: '更新时间',
    stations: '站点数',
    averageAqi: '平均 AQI',
  },
  error: {
    title: '画面出现异常',
    detail: '正在自动恢复…',
  },
};

/** The shape every catalogue must have. */
export type Catalogue = typeof zhCN;
