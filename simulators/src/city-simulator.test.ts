import { describe, expect, it } from 'vitest';
import { createCitySimulator } from './city-simulator.ts';

// Construction only: nothing connects until start().
const mqttUrl = 'mqtt://127.0.0.1:1';

describe('createCitySimulator', () => {
  it('builds the whole city by default: devices, 300 cameras, 58 units', () => {
    const city = createCitySimulator({ mqttUrl });
    expect(city.devices.length).toBeGreaterThan(3000);
    expect(city.cameras).toHaveLength(300);
    expect(city.units).toHaveLength(58);
    expect(city.stats()).toEqual({
      perStream: {
        iot: { published: 0, failed: 0, skipped: 0 },
        video: { published: 0, failed: 0, skipped: 0 },
        hotline: { published: 0, failed: 0, skipped: 0 },
      },
      connected: false,
    });
  });

  it('builds only the streams asked for, scaled', () => {
    const city = createCitySimulator({ mqttUrl, streams: ['video'], scale: 0.5 });
    expect(city.devices).toEqual([]);
    expect(city.units).toEqual([]);
    expect(city.cameras).toHaveLength(150);
  });

  it('is the same city for the same seed', () => {
    const a = createCitySimulator({ mqttUrl, seed: 9, streams: ['iot', 'video'], scale: 0.2 });
    const b = createCitySimulator({ mqttUrl, seed: 9, streams: ['iot', 'video'], scale: 0.2 });
    expect(a.devices).toEqual(b.devices);
    expect(a.cameras).toEqual(b.cameras);
  });

  it('plays its scripted episodes only once started, and none when they are turned off', () => {
    const city = createCitySimulator({ mqttUrl, streams: ['video'], scale: 0.2 });
    expect(city.scenarioEpisodes(0, Date.now() + 86_400_000)).toEqual([]);
    const quiet = createCitySimulator({ mqttUrl, streams: ['iot'], scale: 0.1, scenarios: false });
    expect(quiet.scenarioEpisodes(0, Date.now() + 86_400_000)).toEqual([]);
  });

  it('rejects nonsense options', () => {
    expect(() => createCitySimulator({ mqttUrl, scale: 0 })).toThrow(RangeError);
    expect(() => createCitySimulator({ mqttUrl, speed: -1 })).toThrow(RangeError);
    expect(() => createCitySimulator({ mqttUrl, streams: [] })).toThrow(RangeError);
    expect(() => createCitySimulator({ mqttUrl, streams: ['radio' as 'iot'] })).toThrow(RangeError);
    expect(() =>
      createCitySimulator({ mqttUrl, scenarios: { kinds: ['meteor' as 'fire'] } }),
    ).toThrow(RangeError);
  });

  it('can be stopped before it starts', async () => {
    const city = createCitySimulator({ mqttUrl, streams: ['hotline'] });
    await city.stop();
    await expect(city.start()).rejects.toThrow(/stopped/);
  });
});
