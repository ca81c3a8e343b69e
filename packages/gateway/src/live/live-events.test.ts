import { describe, expect, it } from 'vitest';
import { parseLiveEvents } from './live-events.ts';

describe('twin_live payloads', () => {
  it('parse a batch summary with its located sample', () => {
    const payload = JSON.stringify({
      source: 'iot',
      count: 5000,
      at: '2026-03-01T08:00:00.000Z',
      sample: [
        {
          subject: 'iot:aq-01',
          type: 'air_quality',
          lon: 111.2,
          lat: 34.77,
          district: '411202',
          ts: '2026-03-01T07:59:59Z',
        },
        {
          subject: 'iot:amb-02',
          type: 'ambulance',
          lon: null,
          lat: null,
          district: null,
          ts: 1772351999000,
        },
        { subject: 'iot:bad', type: 'noise', lon: 'east', ts: '2026-03-01T07:59:59Z' },
      ],
    });
    expect(parseLiveEvents(payload)).toEqual({
      source: 'iot',
      count: 5000,
      at: new Date('2026-03-01T08:00:00.000Z'),
      sample: [
        {
          subject: 'iot:aq-01',
          type: 'air_quality',
          lon: 111.2,
          lat: 34.77,
          district: '411202',
          ts: new Date('2026-03-01T07:59:59Z'),
        },
        {
          subject: 'iot:amb-02',
          type: 'ambulance',
          lon: null,
          lat: null,
          district: null,
          ts: new Date(1772351999000),
        },
      ],
    });
  });

  it('keep at most 50 sample events', () => {
    const sample = Array.from({ length: 80 }, (_, i) => ({
      subject: `video:c${i}`,
      type: 'intrusion',
      ts: 0,
    }));
    const parsed = parseLiveEvents(JSON.stringify({ source: 'video', count: 80, at: 0, sample }));
    expect(parsed?.sample).toHaveLength(50);
  });

  it('refuse what is not a batch summary', () => {
    for (const payload of [
      'not json',
      '[]',
      '{"source":"radio","count":1,"at":"2026-03-01T08:00:00Z"}',
      '{"source":"iot","count":-1,"at":"2026-03-01T08:00:00Z"}',
      '{"source":"iot","count":1.5,"at":"2026-03-01T08:00:00Z"}',
      '{"source":"iot","count":1,"at":"yesterday"}',
    ]) {
      expect(parseLiveEvents(payload), payload).toBeNull();
    }
  });
});
