import type { IPublishPacket, MqttClient } from 'mqtt';

/** A received QoS 1 message whose PUBACK waits until its batch has committed. */
export interface PendingMessage {
  topic: string;
  payload: Buffer;
  messageId: number | undefined;
  /** Connection generation the message arrived on; its id means nothing on another. */
  generation: number;
  /** Epoch ms of arrival. */
  receivedAt: number;
}

// MQTT.js has no manual-acknowledgement API (mqttjs/MQTT.js#691): it sends PUBACK when
// `handleMessage` calls back, and processes the next packet only after that. Holding the
// callback would therefore allow one message per batch. Instead `handleMessage` answers
// at once with a sentinel error, which MQTT.js treats as "no PUBACK" and moves on (see
// handlers/publish.js), and `ack()` later sends the PUBACK itself. Redeliveries after a
// reconnect come under new ids, so acknowledgements from an older connection are dropped
// and the broker's redelivery is absorbed by the idempotent insert.
const deferred = Object.assign(new Error('PUBACK deferred until commit'), {
  code: 'TWIN_ACK_DEFERRED',
});

/** Wires deferred acknowledgement into an MQTT.js client. */
export function createDeferredAcker(
  client: MqttClient,
  onMessage: (message: PendingMessage) => void,
) {
  let generation = 0;
  client.on('connect', () => {
    generation += 1;
  });
  client.handleMessage = (packet: IPublishPacket, callback) => {
    // The parser's buffer is kept as is (no copy): it lives until the batch commits.
    const payload =
      typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    onMessage({
      topic: packet.topic,
      payload,
      messageId: packet.messageId,
      generation,
      receivedAt: Date.now(),
    });
    if (packet.qos === 1) callback(deferred);
    else callback();
  };

  return {
    /** Sends PUBACK for messages received on the current connection. */
    ack(messages: readonly PendingMessage[]): void {
      if (!client.connected) return;
      const send = (
        client as unknown as { _sendPacket(packet: object, cb?: () => void): void }
      )._sendPacket.bind(client);
      for (const m of messages) {
        if (m.messageId !== undefined && m.generation === generation) {
          send({ cmd: 'puback', messageId: m.messageId, reasonCode: 0 });
        }
      }
    },
  };
}
