import {
  appliesTo,
  defaultAlertRules,
  evaluateCameraEvent,
  evaluateCameraQuiet,
  evaluateSilence,
  evaluateSurge,
  evaluateThreshold,
  initialAlertState,
  type AlertRuleKind,
  type AlertRuleOf,
  type AlertState,
} from '@city-twin/alerts';
import { cameraEventSchema, cameraStatusSchema, ticketEventSchema } from '@city-twin/events';
import { districts } from '@city-twin/events/districts';
import { describe, expect, it } from 'vitest';
import { chinaDay, DAY_MS, HOUR_MS, MINUTE_MS } from '../shared/china-time.ts';
import { distanceKm } from '../shared/geo.ts';
import { createWeather } from '../shared/weather.ts';
import { createHotlineCity } from '../hotline/hotline-history.ts';
import { toTicketEventPayload } from '../hotline/hotline-payloads.ts';
import type { Ticket, TicketCategory } from '../hotline/ticket.ts';
import { ticketsOfDay } from '../hotline/tickets-of-day.ts';
import type { Device } from '../iot/device.ts';
import { placeDevices } from '../iot/iot-fleet.ts';
import type { DeviceTelemetryPayload } from '../iot/iot-payloads.ts';
import { createIotStream } from '../iot/iot-stream.ts';
import { placeCameras } from '../video/cameras.ts';
import {
  toCameraEventPayload,
  type CameraEventPayload,
  type CameraStatusPayload,
} from '../video/video-payloads.ts';
import { createVideoStream } from '../video/video-stream.ts';
import type { Episode, ScenarioKind } from './episode.ts';
import type { ScenarioCity } from './scenario-city.ts';
import { createScenarioPlan, type ScenarioPlan } from './scenario-plan.ts';

const seed = 1;
const devices = placeDevices(seed, 1);
const cameras = placeCameras(seed, 300);
const hotline = createHotlineCity({ seed, scale: 1 });
const city: ScenarioCity = { seed, devices, cameras, hotline };
const deviceById = new Map(devices.map((d) => [d.id, d]));
const cameraById = new Map(cameras.map((c) => [c.id, c]));

/** A winter evening, a summer morning, and a January day before the Spring Festival. */
const december = Date.parse('2026-12-09T18:20:00+08:00');
const july = Date.parse('2026-07-14T10:00:00+08:00');
const january = Date.parse('2027-01-20T09:00:00+08:00');

function rule<K extends AlertRuleKind>(id: string, kind: K): AlertRuleOf<K> {
  const found = defaultAlertRules.rules.find((r) => r.id === id);
  if (!found || found.kind !== kind) throw new Error(`no ${kind} rule ${id}`);
  return found as AlertRuleOf<K>;
}

const plans = new Map<string, ScenarioPlan>();
function planFrom(startAt: number, kinds?: readonly ScenarioKind[]): ScenarioPlan {
  const key = `${startAt}/${kinds?.join() ?? ''}`;
  let plan = plans.get(key);
  if (!plan) {
    plan = createScenarioPlan({ city, startAt, kinds });
    plans.set(key, plan);
  }
  return plan;
}

function firstEpisode(plan: ScenarioPlan, kind: ScenarioKind): Episode {
  const found = plan
    .episodesBetween(plan.startAt, plan.startAt + 2 * DAY_MS)
    .find((e) => e.kind === kind);
  if (!found) throw new Error(`no ${kind} episode`);
  return found;
}

const weatherOf = (plan: ScenarioPlan) => createWeather(seed, { extraRain: plan.rainBetween });

/** What an alert rule did to one subject: when it opened and resolved. */
interface Track {
  opened: number[];
  resolved: number[];
}
const track = (tracks: Map<string, Track>, id: string): Track => {
  let t = tracks.get(id);
  if (!t) tracks.set(id, (t = { opened: [], resolved: [] }));
  return t;
};

/** The IoT stream's readings of `subjects` in (from, to] through a threshold rule, per device. */
function replayThreshold(
  ruleId: string,
  subjects: readonly Device[],
  plan: ScenarioPlan,
  from: number,
  to: number,
): Map<string, Track> {
  const r = rule(ruleId, 'threshold');
  const stream = createIotStream({
    seed,
    devices: subjects,
    weather: weatherOf(plan),
    scenarios: plan,
  });
  const states = new Map<string, AlertState>();
  const tracks = new Map<string, Track>();
  for (const { topic, payload } of stream.between(from, to)) {
    const device = deviceById.get(topic.split('/')[2]!)!;
    const value = (payload as DeviceTelemetryPayload).metrics[r.metric];
    if (value === undefined || !appliesTo(r, device)) continue;
    const { state, decision } = evaluateThreshold(
      r,
      states.get(device.id) ?? initialAlertState,
      { ts: new Date(payload.ts), value },
      device.name,
    );
    states.set(device.id, state);
    if (decision.type === 'open') track(tracks, device.id).opened.push(decision.at.getTime());
    if (decision.type === 'resolve') track(tracks, device.id).resolved.push(decision.at.getTime());
  }
  return tracks;
}

/**
 * The video stream in (from, to], minute by minute, through a camera rule (quiet cameras
 * resolved each minute, as ingest's sweep does) and the camera-offline rule, per camera.
 */
function replayCameras(
  ruleId: string,
  plan: ScenarioPlan,
  from: number,
  to: number,
): { events: Map<string, Track>; offline: Map<string, Track>; emitted: CameraEventPayload[] } {
  const r = rule(ruleId, 'camera_event');
  const offlineRule = rule('silence.camera-offline', 'silence');
  const stream = createVideoStream({ seed, cameras, weather: weatherOf(plan), scenarios: plan });
  const states = new Map<string, AlertState>();
  const offlineStates = new Map<string, AlertState>();
  const events = new Map<string, Track>();
  const offline = new Map<string, Track>();
  const emitted: CameraEventPayload[] = [];
  for (let t = from; t < to; t += MINUTE_MS) {
    for (const { topic, payload } of stream.between(t, t + MINUTE_MS)) {
      const camera = cameraById.get(topic.split('/')[2]!)!;
      if (topic.endsWith('/status')) {
        const status = payload as CameraStatusPayload;
        const { state, decision } = evaluateSilence(
          offlineRule,
          offlineStates.get(camera.id) ?? initialAlertState,
          { lastSeen: new Date(status.ts), online: status.online, now: new Date(status.ts) },
          camera.name,
        );
        offlineStates.set(camera.id, state);
        if (decision.type === 'open') track(offline, camera.id).opened.push(decision.at.getTime());
        if (decision.type === 'resolve')
          track(offline, camera.id).resolved.push(decision.at.getTime());
        continue;
      }
      const event = payload as CameraEventPayload;
      emitted.push(event);
      const { state, decision } = evaluateCameraEvent(
        r,
        states.get(camera.id) ?? initialAlertState,
        { ...event, ts: new Date(event.ts) },
        camera.name,
      );
      states.set(camera.id, state);
      if (decision.type === 'open') track(events, camera.id).opened.push(decision.at.getTime());
    }
    for (const [id, state] of states) {
      const { state: next, decision } = evaluateCameraQuiet(r, state, new Date(t + MINUTE_MS), id);
      states.set(id, next);
      if (decision.type === 'resolve') track(events, id).resolved.push(decision.at.getTime());
    }
  }
  return { events, offline, emitted };
}

const naturalDays = new Map<number, Ticket[]>();
const naturalTickets = (day: number): Ticket[] => {
  let tickets = naturalDays.get(day);
  if (!tickets) naturalDays.set(day, (tickets = ticketsOfDay(day, hotline)));
  return tickets;
};

/**
 * New orders of one district and category in (from, to] through the surge rule, as ingest
 * judges them: each order's hour against the same hour of the eight weeks before (the city's
 * usual orders), an idle state not kept. Returns when the alert opened (the order that made
 * the hour surge) and the decisions' figures.
 */
function replaySurge(
  plan: ScenarioPlan,
  district: string,
  category: TicketCategory,
  from: number,
  to: number,
): { opened: { at: number; observed: number; median: number; score: number }[] } {
  const r = rule('hotline.surge', 'hotline_surge');
  const matches = (t: Ticket): boolean => t.district === district && t.category === category;
  const history = (hour: number): number[] =>
    Array.from(
      { length: r.weeks },
      (_, k) =>
        naturalTickets(chinaDay(hour - (k + 1) * 7 * DAY_MS)).filter(
          (t) =>
            matches(t) &&
            t.createdAt >= hour - (k + 1) * 7 * DAY_MS &&
            t.createdAt < hour - (k + 1) * 7 * DAY_MS + HOUR_MS,
        ).length,
    );
  const orders: Ticket[] = [];
  for (let day = chinaDay(from); day <= chinaDay(to); day++)
    orders.push(...naturalTickets(day), ...plan.ticketsOfDay(day));
  const counts = new Map<number, number>();
  const opened: { at: number; observed: number; median: number; score: number }[] = [];
  let state: AlertState = initialAlertState;
  for (const order of orders
    .filter((t) => matches(t) && t.createdAt > from && t.createdAt <= to)
    .sort((a, b) => a.createdAt - b.createdAt)) {
    const hour = Math.floor(order.createdAt / HOUR_MS) * HOUR_MS;
    const observed = (counts.get(hour) ?? 0) + 1;
    counts.set(hour, observed);
    const { state: next, decision } = evaluateSurge(r, state, {
      district,
      districtName: districts.find((d) => d.code === district)!.name,
      category,
      hour: new Date(hour),
      observed,
      history: history(hour),
    });
    if (decision.type === 'open')
      opened.push({
        // Ingest notices it with the order that made the hour surge.
        at: Math.min(decision.at.getTime(), order.createdAt),
        observed,
        median: decision.median,
        score: decision.score,
      });
    if (!(state.phase === 'idle' && next.phase === 'idle')) state = next;
  }
  return { opened };
}

/** The three alerts of a trio open in one district, within 1 km, each within 30 min. */
function expectOneIncident(
  alerts: { at: number; place: { lon: number; lat: number } | null; district: string }[],
): void {
  expect(new Set(alerts.map((a) => a.district)).size).toBe(1);
  const located = alerts.flatMap((a) => (a.place ? [a.place] : []));
  for (const a of located) for (const b of located) expect(distanceKm(a, b)).toBeLessThanOrEqual(1);
  const times = alerts.map((a) => a.at).sort((a, b) => a - b);
  expect(times.at(-1)! - times[0]!).toBeLessThanOrEqual(30 * MINUTE_MS);
}

describe('the demo schedule', () => {
  it('starts the first episode 10–20 minutes in, plays every kind within three hours, and again every few hours', () => {
    const plan = planFrom(december);
    const firstHours = plan.episodesBetween(december, december + 3 * HOUR_MS);
    const first = firstHours[0]!;
    expect(first.start - december).toBeGreaterThanOrEqual(10 * MINUTE_MS);
    expect(first.start - december).toBeLessThanOrEqual(20 * MINUTE_MS);
    expect(new Set(firstHours.map((e) => e.kind))).toEqual(
      new Set([
        'fire',
        'camera_outage',
        'device_silence',
        'heating_failure',
        'wage_arrears',
        'rainstorm',
      ]),
    );
    const twoDays = plan.episodesBetween(december, december + 2 * DAY_MS);
    for (const kind of ['fire', 'camera_outage', 'device_silence', 'heating_failure'] as const)
      expect(twoDays.filter((e) => e.kind === kind).length, kind).toBeGreaterThanOrEqual(6);
    expect(twoDays.filter((e) => e.kind === 'rainstorm').length).toBe(2);
  });

  it('plays a burst water main instead of the heating failure outside the heating season', () => {
    const kinds = planFrom(july)
      .episodesBetween(july, july + DAY_MS)
      .map((e) => e.kind);
    expect(kinds).toContain('water_main_burst');
    expect(kinds).not.toContain('heating_failure');
  });

  it('is the same for the same seed and start, and plays only the kinds asked for', () => {
    const summaries = (plan: ScenarioPlan) =>
      plan
        .episodesBetween(december, december + DAY_MS)
        .map((e) => [e.id, e.summary, e.effects.tickets.map((t) => t.steps)]);
    expect(summaries(createScenarioPlan({ city, startAt: december }))).toEqual(
      summaries(planFrom(december)),
    );
    const fires = createScenarioPlan({ city, startAt: december, kinds: ['fire'] });
    expect(new Set(fires.episodesBetween(december, december + DAY_MS).map((e) => e.kind))).toEqual(
      new Set(['fire']),
    );
    expect(() =>
      createScenarioPlan({ city, startAt: december, kinds: ['flood' as 'fire'] }),
    ).toThrow(RangeError);
  });

  it('never reuses a work-order id when the city restarts a minute later', () => {
    const ids = (startAt: number) =>
      createScenarioPlan({ city, startAt })
        .episodesBetween(startAt, startAt + DAY_MS)
        .flatMap((e) => e.effects.tickets.map((t) => t.id));
    const first = new Set(ids(december));
    expect(first.size).toBeGreaterThan(100);
    expect(ids(december + MINUTE_MS).filter((id) => first.has(id))).toEqual([]);
  });

  it('leaves the city as it was outside its episodes', () => {
    const plan = planFrom(december);
    const before = [december, december + 10 * MINUTE_MS] as const;
    const sample = devices.filter((_, i) => i % 10 === 0);
    const iot = (scenarios?: ScenarioPlan) =>
      createIotStream({ seed, devices: sample, weather: weatherOf(plan), scenarios }).between(
        ...before,
      );
    expect(iot(plan)).toEqual(iot());
    const video = (scenarios?: ScenarioPlan) =>
      createVideoStream({ seed, cameras, weather: createWeather(seed), scenarios }).between(
        ...before,
      );
    expect(video(plan)).toEqual(video());
    expect(plan.ticketsOfDay(chinaDay(december) - 1)).toEqual([]);
  });
});

describe('供暖故障: a heating failure on a winter evening', () => {
  const plan = planFrom(december);
  const episode = firstEpisode(plan, 'heating_failure');
  const station = deviceById.get(episode.effects.readings[0]!.deviceId)!;
  const from = episode.start - HOUR_MS;
  const to = episode.start + 3 * HOUR_MS;

  it('drops a 湖滨区 station below 45 °C for about an hour, and heating.supply-low opens once', () => {
    expect(station).toMatchObject({ type: 'heating', district: '411202' });
    const stream = createIotStream({
      seed,
      devices: [station],
      weather: weatherOf(plan),
      scenarios: plan,
    });
    const cold = stream
      .between(from, to)
      .map((e) => e.payload as DeviceTelemetryPayload)
      .filter((p) => p.metrics.supply_temp_c! < 45)
      .map((p) => Date.parse(p.ts));
    expect(cold[0]! - episode.start).toBeLessThan(6 * MINUTE_MS);
    const minutesCold = (cold.at(-1)! - cold[0]!) / MINUTE_MS;
    expect(minutesCold).toBeGreaterThan(50);
    expect(minutesCold).toBeLessThan(70);
    const { opened, resolved } = replayThreshold(
      'heating.supply-low',
      [station],
      plan,
      from,
      to,
    ).get(station.id)!;
    expect(opened).toHaveLength(1);
    expect(opened[0]! - cold[0]!).toBeGreaterThanOrEqual(30 * MINUTE_MS);
    expect(resolved).toHaveLength(1);
  });

  it('makes the three alerts of one incident: the station, a crowd at its gate, a surge of heating complaints', () => {
    const heating = replayThreshold('heating.supply-low', [station], plan, from, to).get(
      station.id,
    )!;
    const cameraId = episode.effects.detections[0]!.camera.id;
    const camera = cameraById.get(cameraId)!;
    const crowd = replayCameras('camera.crowd', plan, from, to).events.get(cameraId)!;
    const surge = replaySurge(plan, '411202', 'heating', from, to);
    expect(crowd.opened).toHaveLength(1);
    expect(surge.opened).toHaveLength(1);
    expect(surge.opened[0]!.score).toBeGreaterThanOrEqual(4);
    expect(surge.opened[0]!.observed).toBeGreaterThanOrEqual(10);
    expect(distanceKm(station, camera)).toBeLessThanOrEqual(0.8);
    expectOneIncident([
      { at: heating.opened[0]!, place: station, district: station.district },
      { at: crowd.opened[0]!, place: camera, district: camera.district },
      { at: surge.opened[0]!.at, place: null, district: '411202' },
    ]);
  });

  it('publishes valid crowd detections and work orders about the station’s estate', () => {
    for (const detection of episode.effects.detections) {
      const result = cameraEventSchema.safeParse(toCameraEventPayload(detection));
      expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    }
    const tickets = episode.effects.tickets;
    expect(tickets.length).toBeGreaterThanOrEqual(30);
    for (const ticket of tickets) {
      expect(ticket).toMatchObject({ category: 'heating', district: '411202' });
      for (const step of ticket.steps) {
        const result = ticketEventSchema.safeParse(toTicketEventPayload(step));
        expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
      }
    }
    const summaries = tickets.map((t) => (t.steps[0] as { summary: string }).summary);
    expect(summaries.every((s) => s.includes(station.name.replace(/换热站$/, '')))).toBe(true);
  });
});

describe('爆管: a burst water main, the trio of the months without heating', () => {
  const plan = planFrom(july);
  const episode = firstEpisode(plan, 'water_main_burst');
  const cover = deviceById.get(episode.effects.readings[0]!.deviceId)!;
  const from = episode.start - HOUR_MS;
  const to = episode.start + 3 * HOUR_MS;

  it('opens manhole.open and manhole.tilt, standing water at a camera nearby and a surge of water requests, as one incident', () => {
    expect(cover).toMatchObject({ type: 'manhole', kind: 'water', district: '411202' });
    const open = replayThreshold('manhole.open', [cover], plan, from, to).get(cover.id)!;
    const tilt = replayThreshold('manhole.tilt', [cover], plan, from, to).get(cover.id)!;
    const cameraId = episode.effects.detections[0]!.camera.id;
    const camera = cameraById.get(cameraId)!;
    const water = replayCameras('camera.waterlogging', plan, from, to).events.get(cameraId)!;
    const surge = replaySurge(plan, '411202', 'water_power', from, to);
    expect(open.opened).toHaveLength(1);
    expect(tilt.opened).toHaveLength(1);
    expect(water.opened).toHaveLength(1);
    expect(surge.opened).toHaveLength(1);
    expectOneIncident([
      { at: open.opened[0]!, place: cover, district: cover.district },
      { at: tilt.opened[0]!, place: cover, district: cover.district },
      { at: water.opened[0]!, place: camera, district: camera.district },
      { at: surge.opened[0]!.at, place: null, district: '411202' },
    ]);
  });
});

describe('暴雨: a rainstorm', () => {
  const tributaries = devices.filter((d) => d.type === 'water_level' && d.reach === 'tributary');

  for (const [season, startAt] of [
    ['in the flood season', july],
    ['in winter', december],
  ] as const) {
    it(`raises the tributaries above 2.5 m for hours ${season}`, () => {
      const plan = planFrom(startAt);
      const episode = firstEpisode(plan, 'rainstorm');
      const weather = weatherOf(plan);
      expect(weather.at(episode.start + 4 * HOUR_MS).intensity).toBe(1);
      const from = episode.start - HOUR_MS;
      const to = episode.start + DAY_MS;
      const tracks = replayThreshold('water.tributary-warning', tributaries, plan, from, to);
      const opened = [...tracks.values()].filter((t) => t.opened.length > 0);
      expect(opened.length).toBeGreaterThan(tributaries.length / 2);
      for (const t of opened) {
        expect(t.opened[0]! - episode.start).toBeGreaterThan(2 * HOUR_MS);
        expect(t.resolved.length).toBe(1);
        expect(t.resolved[0]! - t.opened[0]!).toBeGreaterThan(HOUR_MS);
      }
      // Without the storm, not one of them.
      const calm = replayThreshold(
        'water.tributary-warning',
        tributaries,
        createScenarioPlan({ city, startAt, kinds: [] }),
        from,
        to,
      );
      expect([...calm.values()].filter((t) => t.opened.length > 0)).toEqual([]);
    });
  }

  it('floods streets under the cameras, lifts drain covers, and brings road reports after the rain', () => {
    const plan = planFrom(july);
    const episode = firstEpisode(plan, 'rainstorm');
    const from = episode.start;
    const to = episode.start + 10 * HOUR_MS;
    const water = replayCameras('camera.waterlogging', plan, from, to).events;
    expect([...water.values()].filter((t) => t.opened.length > 0).length).toBeGreaterThan(5);
    const covers = episode.effects.readings.map((r) => deviceById.get(r.deviceId)!);
    expect(covers.length).toBeGreaterThanOrEqual(2);
    const open = replayThreshold('manhole.open', covers, plan, from, to);
    const tilt = replayThreshold('manhole.tilt', covers, plan, from, to);
    expect([...open.values()].filter((t) => t.opened.length > 0).length).toBeGreaterThanOrEqual(1);
    expect(tilt.size).toBe(covers.length);
    const reports = episode.effects.tickets;
    expect(reports.every((t) => t.category === 'roads')).toBe(true);
    const downpourEnds = episode.start + 8 * HOUR_MS;
    const after = reports.filter((t) => t.createdAt >= downpourEnds).length;
    expect(after / reports.length).toBeGreaterThan(0.6);
  });
});

describe('火情, 欠薪, 停报 and 离线', () => {
  it('火情: a camera sees fire or smoke for minutes: camera.fire-smoke opens once and resolves', () => {
    const plan = planFrom(december);
    const episode = firstEpisode(plan, 'fire');
    const cameraId = episode.effects.detections[0]!.camera.id;
    const { events, emitted } = replayCameras(
      'camera.fire-smoke',
      plan,
      episode.start - 10 * MINUTE_MS,
      episode.start + 2 * HOUR_MS,
    );
    const fires = emitted.filter((e) => e.type === 'fire_smoke' && e.eventId.startsWith(cameraId));
    expect(fires.length).toBeGreaterThanOrEqual(10);
    expect(fires.every((e) => e.confidence >= 0.6)).toBe(true);
    expect(Date.parse(fires.at(-1)!.ts) - Date.parse(fires[0]!.ts)).toBeGreaterThan(10 * MINUTE_MS);
    expect(events.get(cameraId)).toEqual({
      opened: [Date.parse(fires[0]!.ts)],
      resolved: [expect.any(Number)],
    });
  });

  it('欠薪: a county’s wage complaints surge before the Spring Festival', () => {
    const plan = planFrom(january);
    const episode = firstEpisode(plan, 'wage_arrears');
    expect(episode.district).not.toBe('411202');
    const surge = replaySurge(
      plan,
      episode.district,
      'wages',
      episode.start - HOUR_MS,
      episode.start + 3 * HOUR_MS,
    );
    expect(surge.opened).toHaveLength(1);
    const summaries = episode.effects.tickets.map(
      (t) => (t.steps[0] as { summary: string }).summary,
    );
    expect(summaries.some((s) => s.includes('过年'))).toBe(true);
    expect(episode.effects.tickets.every((t) => t.district === episode.district)).toBe(true);
  });

  it('停报: a device stops reporting for longer than its silence limit, then reports again', () => {
    const plan = planFrom(december);
    const episode = firstEpisode(plan, 'device_silence');
    const device = deviceById.get(episode.effects.readings[0]!.deviceId)!;
    const r = defaultAlertRules.rules.find(
      (x): x is AlertRuleOf<'silence'> => x.kind === 'silence' && x.target === device.type,
    )!;
    const stream = createIotStream({
      seed,
      devices: [device],
      weather: weatherOf(plan),
      scenarios: plan,
    });
    let state: AlertState = initialAlertState;
    let lastSeen: Date | null = null;
    const decisions: string[] = [];
    for (let t = episode.start - 30 * MINUTE_MS; t < episode.end + 30 * MINUTE_MS; t += MINUTE_MS) {
      for (const { payload } of stream.between(t, t + MINUTE_MS)) lastSeen = new Date(payload.ts);
      const result = evaluateSilence(
        r,
        state,
        { lastSeen, online: null, now: new Date(t + MINUTE_MS) },
        device.name,
      );
      state = result.state;
      if (result.decision.type !== 'none') decisions.push(result.decision.type);
    }
    expect(decisions.filter((d) => d !== 'update')).toEqual(['open', 'resolve']);
  });

  it('离线: a camera goes offline and comes back', () => {
    const plan = planFrom(december);
    const episode = firstEpisode(plan, 'camera_outage');
    const { camera } = episode.effects.outages[0]!;
    const { offline } = replayCameras(
      'camera.crowd',
      plan,
      episode.start - 10 * MINUTE_MS,
      episode.end + 10 * MINUTE_MS,
    );
    expect(offline.get(camera.id)).toEqual({ opened: [episode.start], resolved: [episode.end] });
    // At a start during the outage, the camera's status says so.
    const stream = createVideoStream({ seed, cameras, weather: weatherOf(plan), scenarios: plan });
    const during = stream
      .opening(episode.start + 5 * MINUTE_MS)
      .find((e) => e.topic.includes(camera.id))!;
    expect(cameraStatusSchema.safeParse(during.payload).success).toBe(true);
    expect(during.payload).toMatchObject({ online: false });
  });
});
