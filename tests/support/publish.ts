import { iotMetaTopic, iotTelemetryTopic } from '@city-twin/events';
import mqtt from 'mqtt';

/** One MQTT message to publish. */
export interface Message {
  topic: string;
  payload: string | Buffer;
  retain?: boolean;
}

/** Publishes every message at QoS 1 and resolves once the broker acknowledged all of them. */
export async function publishAll(
  url: string,
  messages: readonly Message[],
  clientId = `test-pub-${process.pid}-${Date.now()}`,
) {
  const client = await mqtt.connectAsync(url, { clientId, protocolVersion: 4 });
  try {
    await Promise.all(
      messages.map((m) =>
        client.publishAsync(m.topic, m.payload, { qos: 1, retain: m.retain ?? false }),
      ),
    );
  } finally {
    await client.endAsync();
  }
}

/** Meta messages for `count` test devices placed in 湖滨区. */
export function testDeviceMetas(count: number, prefix = 'it'): Message[] {
  return Array.from({ length: count }, (_, i) => ({
    topic: iotMetaTopic(`${prefix}-aq-${i}`),
    retain: true,
    payload: JSON.stringify({
      eventId: `${prefix}-aq-${i}:meta`,
      ts: new Date(Date.now() - 3600_000).toISOString(),
      type: 'air_quality',
      name: `测试站${i}`,
      lon: 111.2 + i * 0.001,
      lat: 34.77,
    }),
  }));
}

/**
 * `count` valid telemetry messages spread over `devices` test devices, one minute apart
 * per device, with values derived from the index so a test can check what came back.
 */
export function testTelemetry(
  count: number,
  devices: number,
  prefix = 'it',
  start = Date.now() - 3000 * 60_000,
): Message[] {
  return Array.from({ length: count }, (_, i) => {
    const device = i % devices;
    const slot = Math.floor(i / devices);
    const ts = start + slot * 60_000;
    return {
      topic: iotTelemetryTopic(`${prefix}-aq-${device}`),
      payload: JSON.stringify({
        eventId: `${prefix}-aq-${device}:${ts}`,
        ts,
        metrics: { pm25: 10 + (i % 200), aqi: 20 + (i % 150) },
      }),
    };
  });
}
