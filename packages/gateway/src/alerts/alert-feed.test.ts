import { describe, expect, it } from 'vitest';
import { parseAlertNotification } from './alert-feed.ts';

describe('twin_alert payloads', () => {
  it('name an alert by its id (text or a JSON number) and an action', () => {
    expect(parseAlertNotification('{"id":"12","action":"acknowledged"}')).toEqual({
      id: '12',
      action: 'acknowledged',
    });
    expect(parseAlertNotification('{"id":12,"action":"opened","extra":true}')).toEqual({
      id: '12',
      action: 'opened',
    });
  });

  it('refuse anything else, heartbeats included', () => {
    for (const payload of [
      'not json',
      'null',
      '{"heartbeat":"a:1"}',
      '{"id":"0","action":"opened"}',
      '{"id":"12; DROP","action":"opened"}',
      '{"id":1.5,"action":"opened"}',
      '{"id":"12","action":"Opened!"}',
      '{"id":"12"}',
    ]) {
      expect(parseAlertNotification(payload), payload).toBeNull();
    }
  });
});
