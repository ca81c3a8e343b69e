import type { DeviceType } from '@city-twin/events';
import { randomUUID } from 'node:crypto';
import { toChinaIso } from './shared/china-time.ts';
import { streamNames, type SimStream, type StreamName } from './shared/emission.ts';
import { createMqttPublisher, type StreamCounters } from './shared/mqtt-publisher.ts';
import { redactUrl } from './shared/mqtt-util.ts';
import { createSimClock, type SimClock } from './shared/sim-clock.ts';
import { createWeather } from './shared/weather.ts';
import { scenarioKinds, type Episode, type ScenarioKind } from './scenarios/episode.ts';
import { clockText } from './scenarios/scenario-city.ts';
import { createScenarioPlan, type ScenarioPlan } from './scenarios/scenario-plan.ts';
import { createHotlineStream, type HotlineStream } from './hotline/hotline-stream.ts';
import { createHotlineCity } from './hotline/hotline-history.ts';
import { units, type Unit } from './hotline/units.ts';
import type { Device } from './iot/device.ts';
import { placeDevices } from './iot/iot-fleet.ts';
import { createIotStream, defaultReportIntervalsMs, iotRate } from './iot/iot-stream.ts';
import { BASE_CAMERA_COUNT, placeCameras, type Camera } from './video/cameras.ts';
import { createVideoStream } from './video/video-stream.ts';

/** Configuration of {@link createCitySimulator}. */
export interface CitySimulatorOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883`. */
  mqttUrl: string;
  /** The same seed gives the same city and the same events. Default 1. */
  seed?: number;
  /** Multiplies device and camera counts and the order volume. Default 1. */
  scale?: number;
  /** Time acceleration: simulated ms per wall ms. Default 1 (see {@link createSimClock}). */
  speed?: number;
  /** Streams to run. Default all three. */
  streams?: readonly StreamName[];
  /** Topic prefix (wire contract default `twin`). */
  prefix?: string;
  clientId?: string;
  username?: string;
  password?: string;
  /** Where progress and broker errors go; default stderr. */
  log?: (message: string) => void;
  /** Simulated time at start, epoch ms; default: now, or in the past when `speed` > 1. */
  startAt?: number;
  /** Per-type report intervals in simulated ms (defaults: `defaultReportIntervalsMs`). */
  intervalsMs?: Partial<Record<DeviceType, number>>;
  /** IoT messages per wall second beyond which readings are thinned (accelerated runs). Default 1000. */
  maxIotRate?: number;
  /** Cameras; default 300 × scale. */
  cameras?: number;
  /** Mean work orders per day before `scale`; default the city's 216,400 a year. */
  ticketsPerDay?: number;
  /** Publish the history of the orders open at start (default true). */
  hotlineBacklog?: boolean;
  /** Wall time between two publishing rounds, ms. Default 200. */
  tickMs?: number;
  /**
   * Scripted episodes that trip the alert rules (a fire, a heating failure, a rainstorm …,
   * see scenarios/scenario-plan.ts), scheduled from the start: the first about 12 simulated
   * minutes in. Default on; `false` for none (tests that count events), or the kinds to play.
   */
  scenarios?: boolean | { kinds?: readonly ScenarioKind[] };
}

/** Counters per stream since start, and whether the broker is connected. */
export interface CitySimulatorStats {
  perStream: Record<StreamName, StreamCounters>;
  connected: boolean;
}

/** A running (or startable) demo city. */
export interface CitySimulator {
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): CitySimulatorStats;
  /** The simulated clock's time, epoch ms (before start: the wall clock). */
  simulatedNow(): number;
  /** IoT devices (empty unless the `iot` stream runs). */
  readonly devices: readonly Device[];
  /** Cameras (empty unless the `video` stream runs). */
  readonly cameras: readonly Camera[];
  /** Hotline units (empty unless the `hotline` stream runs). */
  readonly units: readonly Unit[];
  /** Scripted episodes with a moment in [from, to] (none before start or when turned off). */
  scenarioEpisodes(from: number, to: number): Episode[];
}

type State =
  | { phase: 'idle' }
  | { phase: 'starting'; ready: Promise<void> }
  | { phase: 'running'; ticker: NodeJS.Timeout }
  | { phase: 'stopping'; done: Promise<void> }
  | { phase: 'stopped' };

/** How long stop() waits for unacknowledged publishes before dropping the connection. */
const DRAIN_TIMEOUT_MS = 3_000;
/** Episodes announced in the log at start: those of the first simulated hours. */
const SCHEDULE_LOG_MS = 6 * 3_600_000;

function isStreamName(name: string): name is StreamName {
  return (streamNames as readonly string[]).includes(name);
}

/**
 * Publishes the demo city of Sanmenxia over MQTT (wire contract v1) on one connection: the IoT
 * network, the video network and the 12345 hotline. On every (re)connect the retained
 * metadata; at start what a consumer needs to begin (camera status, the open orders); then
 * every event at its simulated time, QoS 1.
 */
export function createCitySimulator(options: CitySimulatorOptions): CitySimulator {
  const {
    mqttUrl,
    seed = 1,
    scale = 1,
    speed = 1,
    prefix,
    maxIotRate = 1000,
    tickMs = 200,
  } = options;
  const enabled = new Set(options.streams ?? streamNames);
  for (const name of enabled)
    if (!isStreamName(name)) throw new RangeError(`unknown stream ${JSON.stringify(name)}`);
  if (enabled.size === 0) throw new RangeError('no stream to run');
  if (!Number.isFinite(scale) || scale <= 0)
    throw new RangeError(`scale must be positive, got ${scale}`);
  if (!Number.isFinite(speed) || speed <= 0)
    throw new RangeError(`speed must be positive, got ${speed}`);
  if (!Number.isFinite(tickMs) || tickMs < 10)
    throw new RangeError(`tickMs must be ≥ 10, got ${tickMs}`);
  const log = options.log ?? ((message: string) => console.error(`[city-sim] ${message}`));
  const scripted =
    options.scenarios === false
      ? null
      : options.scenarios === true
        ? {}
        : (options.scenarios ?? {});
  for (const kind of scripted?.kinds ?? [])
    if (!(scenarioKinds as readonly string[]).includes(kind))
      throw new RangeError(`unknown scenario ${JSON.stringify(kind)}`);

  // Episodes happen in the whole city, whichever streams this process runs.
  const fleet = enabled.has('iot') || scripted ? placeDevices(seed, scale) : [];
  const devices = enabled.has('iot') ? fleet : [];
  const allCameras =
    enabled.has('video') || scripted
      ? placeCameras(seed, options.cameras ?? Math.round(BASE_CAMERA_COUNT * scale))
      : [];
  const cameras = enabled.has('video') ? allCameras : [];
  const hotlineCity = createHotlineCity({ seed, scale, ticketsPerDay: options.ticketsPerDay });
  const intervals = { ...defaultReportIntervalsMs, ...options.intervalsMs };
  // Thin IoT readings under acceleration so the broker sees at most maxIotRate a second.
  const stride = Math.max(1, Math.ceil((iotRate(devices, intervals) * speed) / maxIotRate));
  let plan: ScenarioPlan | undefined;
  let hotline: HotlineStream | undefined;
  let streams: SimStream[] = [];

  /** The streams of a run starting at `at`: the schedule of episodes counts from it. */
  function buildStreams(at: number): void {
    plan = scripted
      ? createScenarioPlan({
          city: { seed, devices: fleet, cameras: allCameras, hotline: hotlineCity },
          startAt: at,
          kinds: scripted.kinds,
        })
      : undefined;
    const weather = createWeather(seed, plan ? { extraRain: plan.rainBetween } : {});
    streams = [];
    if (enabled.has('iot'))
      streams.push(
        createIotStream({
          seed,
          devices,
          weather,
          prefix,
          intervalsMs: options.intervalsMs,
          stride,
          scenarios: plan,
        }),
      );
    if (enabled.has('video'))
      streams.push(createVideoStream({ seed, cameras, weather, prefix, scenarios: plan }));
    if (enabled.has('hotline')) {
      hotline = createHotlineStream({
        ...hotlineCity,
        prefix,
        backlog: options.hotlineBacklog ?? true,
        extraTickets: plan?.ticketsOfDay,
      });
      streams.push(hotline);
    }
  }

  const stopSignal = new AbortController();
  let state: State = { phase: 'idle' };
  const phase = (): State['phase'] => state.phase;
  let clock: SimClock | undefined;
  /** Simulated time up to which events have been handed to the publisher. */
  let publishedThrough = 0;
  /** Simulated time the connection dropped, while it is down. */
  let outageSince: number | null = null;

  const publisher = createMqttPublisher({
    mqttUrl,
    clientId: options.clientId ?? `twin-sim-city-${randomUUID().slice(0, 8)}`,
    username: options.username,
    password: options.password,
    log,
    maxInFlight: Math.max(2000, Math.ceil(maxIotRate * 2)),
    onOffline() {
      if (phase() === 'running' && outageSince === null) outageSince = publishedThrough;
    },
    onReconnect() {
      if (phase() !== 'running' || !clock) return;
      // The last round before the drop was noticed may have been lost too.
      const from = (outageSince ?? publishedThrough) - 10 * tickMs * speed;
      outageSince = null;
      const to = publishedThrough;
      // A broker restarted without persistence has lost the retained metadata; state changes
      // of the outage (camera status, order steps) are derived again and re-sent.
      void (async () => {
        for (const stream of streams) {
          await publisher.publishAll(stream.name, stream.meta(clock!.now()), stopSignal.signal);
          await publisher.publishAll(stream.name, stream.recover(from, to), stopSignal.signal);
        }
      })();
    },
  });

  function tick(): void {
    if (phase() !== 'running' || !clock) return;
    const to = clock.now();
    if (to <= publishedThrough) return;
    for (const stream of streams)
      for (const emission of stream.between(publishedThrough, to))
        publisher.tryPublish(stream.name, emission);
    publishedThrough = to;
  }

  async function connectAndRun(): Promise<void> {
    await publisher.connect();
    if (phase() !== 'starting') {
      await publisher.end(0); // stop() was called while connecting
      return;
    }
    const simClock = createSimClock({ speed, startAt: options.startAt });
    clock = simClock;
    const at = simClock.startAt;
    buildStreams(at);
    const iotNote = stride > 1 ? ` (readings thinned ×${stride} for the acceleration)` : '';
    log(
      `connected to ${redactUrl(mqttUrl)}: ${[...enabled].join(', ')}; ${devices.length} devices${iotNote}, ` +
        `${cameras.length} cameras, ${hotline ? units.length : 0} units; simulated clock from ` +
        `${toChinaIso(at)} at ${speed}×`,
    );
    for (const episode of plan?.episodesBetween(at, at + SCHEDULE_LOG_MS) ?? [])
      log(`scenario at ${clockText(episode.start)} (simulated): ${episode.summary}`);
    await hotline?.prepare(at, stopSignal.signal);
    for (const stream of streams) {
      if (stopSignal.signal.aborted) return;
      await publisher.publishAll(stream.name, stream.meta(at), stopSignal.signal);
      await publisher.publishAll(stream.name, stream.opening(at), stopSignal.signal);
    }
    // Catch up with the clock, which ran on while the opening went out.
    publishedThrough = at;
    for (let round = 0; round < 20 && !stopSignal.signal.aborted; round++) {
      const to = simClock.now();
      if (to - publishedThrough <= tickMs * speed) break;
      for (const stream of streams)
        await publisher.publishAll(
          stream.name,
          stream.between(publishedThrough, to),
          stopSignal.signal,
        );
      publishedThrough = to;
    }
    if (phase() !== 'starting') return;
    state = { phase: 'running', ticker: setInterval(tick, tickMs) };
  }

  function start(): Promise<void> {
    if (state.phase !== 'idle')
      return Promise.reject(new Error(`cannot start the city simulator: it is ${state.phase}`));
    const ready = connectAndRun().catch(async (error: unknown) => {
      state = { phase: 'stopped' };
      await publisher.end(0).catch(() => undefined);
      throw error;
    });
    state = { phase: 'starting', ready };
    return ready;
  }

  async function stop(): Promise<void> {
    switch (state.phase) {
      case 'idle':
        state = { phase: 'stopped' };
        return;
      case 'starting': {
        const starting = state.ready;
        stopSignal.abort();
        const done = starting
          .catch(() => undefined)
          .then(() => publisher.end(DRAIN_TIMEOUT_MS))
          .finally(() => {
            state = { phase: 'stopped' };
          });
        state = { phase: 'stopping', done };
        return done;
      }
      case 'running': {
        clearInterval(state.ticker);
        stopSignal.abort();
        const done = publisher.end(DRAIN_TIMEOUT_MS).finally(() => {
          state = { phase: 'stopped' };
        });
        state = { phase: 'stopping', done };
        return done;
      }
      case 'stopping':
        return state.done;
      case 'stopped':
        return;
      default: {
        const unreachable: never = state;
        throw new Error(`unknown phase ${String(unreachable)}`);
      }
    }
  }

  return {
    start,
    stop,
    stats: () => ({
      perStream: {
        iot: publisher.counters('iot'),
        video: publisher.counters('video'),
        hotline: publisher.counters('hotline'),
      },
      connected: state.phase === 'running' && publisher.connected,
    }),
    simulatedNow: () => clock?.now() ?? Date.now(),
    devices,
    cameras,
    units: enabled.has('hotline') ? units : [],
    scenarioEpisodes: (from, to) => plan?.episodesBetween(from, to) ?? [],
  };
}
