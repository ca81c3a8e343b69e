import { loadAlertRules } from '@city-twin/alerts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The tests workspace has no dependency on @city-twin/simulators: imported by path.
import { createCitySimulator, type Episode } from '../../simulators/src/index.ts';
import { startIngestStack } from '../support/ingest-stack.ts';

const MINUTE = 60_000;

/** The alerts each utility failure makes, and their subjects. */
function expectedAlerts(episode: Episode): [ruleId: string, subject: string][] {
  const device = episode.effects.readings[0]!.deviceId;
  const camera = episode.effects.detections[0]!.camera.id;
  return episode.kind === 'heating_failure'
    ? [
        ['camera.crowd', `video:${camera}`],
        ['heating.supply-low', `iot:${device}`],
        ['hotline.surge', 'surge:411202:heating'],
      ]
    : [
        ['camera.waterlogging', `video:${camera}`],
        ['hotline.surge', 'surge:411202:water_power'],
        ['manhole.open', `iot:${device}`],
      ];
}

describe('scripted episodes through Mosquitto and ingest', () => {
  let stack: Awaited<ReturnType<typeof startIngestStack>>;

  beforeAll(async () => {
    // Only the rules of the utility failures: the city's other alerts (every device looks
    // silent to a sweep at wall time while the clock catches up) would crowd the incident.
    const ids = new Set([
      'heating.supply-low',
      'manhole.open',
      'camera.crowd',
      'camera.waterlogging',
      'hotline.surge',
    ]);
    const shipped = loadAlertRules();
    stack = await startIngestStack('scenarios-ingest', {
      alertRules: { rules: shipped.rules.filter((r) => ids.has(r.id)) },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('turns the utility failure of the season into one incident of three alerts', async () => {
    // 75 simulated minutes at 120×: the failure starts 24 minutes in and its alerts open
    // 20–40 minutes later, all in the last hour (surges are judged only while news).
    const startAt = Date.now() - 75 * MINUTE;
    const simulator = createCitySimulator({
      mqttUrl: stack.broker.url,
      seed: 1,
      scale: 0.1,
      cameras: 300,
      speed: 120,
      startAt,
      hotlineBacklog: false,
      scenarios: { kinds: ['heating_failure', 'water_main_burst'] },
      log: () => undefined,
    });
    await simulator.start();
    try {
      const [episode] = simulator.scenarioEpisodes(startAt, startAt + 75 * MINUTE);
      expect(episode).toBeDefined();
      // 24 minutes after the minute the run starts in.
      expect(episode!.start).toBe(Math.ceil(startAt / MINUTE) * MINUTE + 24 * MINUTE);
      const expected = expectedAlerts(episode!);

      const trio = async () =>
        stack.db.query<{ rule_id: string; subject: string; incident_id: string | null }>(
          `SELECT rule_id, subject, incident_id FROM alert
           WHERE rule_id = ANY($1::text[]) AND subject = ANY($2::text[]) ORDER BY rule_id`,
          [expected.map(([rule]) => rule), expected.map(([, subject]) => subject)],
        );
      await expect
        .poll(async () => (await trio()).map((a) => [a.rule_id, a.subject]), {
          timeout: 100_000,
          interval: 500,
        })
        .toEqual(expected);
      const alerts = await trio();
      expect(new Set(alerts.map((a) => a.incident_id)).size).toBe(1);
      const [incident] = await stack.db.query<{ district: string; alerts: number }>(
        `SELECT i.district, (SELECT count(*)::int FROM alert a WHERE a.incident_id = i.id) AS alerts
         FROM incident i WHERE i.id = $1`,
        [alerts[0]!.incident_id],
      );
      expect(incident).toEqual({ district: '411202', alerts: 3 });
    } finally {
      await simulator.stop();
    }
  });
});
