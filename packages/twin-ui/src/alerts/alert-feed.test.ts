import { describe, expect, it } from 'vitest';
import { type AlertFeed, initialAlertFeed, reduceAlertFeed, toAlertLink } from './alert-feed.ts';
import type { AlertSummary } from './alert-types.ts';

function alert(id: string, openedAt: string, patch: Partial<AlertSummary> = {}): AlertSummary {
  return {
    id,
    ruleId: 'air.pm25-heavy',
    source: 'iot',
    kind: 'threshold',
    severity: 3,
    status: 'open',
    title: `告警 ${id}`,
    titleEn: `Alert ${id}`,
    district: '411202',
    position: [111.2, 34.77],
    openedAt,
    lastSeenAt: openedAt,
    count: 1,
    assignee: null,
    incidentId: null,
    ...patch,
  };
}

const older = alert('1', '2026-01-10T08:00:00Z');
const newer = alert('2', '2026-01-10T09:00:00Z');

describe('reduceAlertFeed', () => {
  it('fills the ticker from the first list without sliding anything in', () => {
    const feed = reduceAlertFeed(initialAlertFeed, {
      type: 'listed',
      alerts: [older, newer],
      at: 1,
    });
    expect(feed.alerts?.map((item) => item.id)).toEqual(['2', '1']);
    expect(feed.ticker.map((item) => [item.alert.id, item.fresh])).toEqual([
      ['2', false],
      ['1', false],
    ]);
  });

  it('slides in an opened alert, drops a resolved one from the open list and keeps it in the ticker', () => {
    const listed = reduceAlertFeed(initialAlertFeed, { type: 'listed', alerts: [older], at: 1 });
    const opened = reduceAlertFeed(listed, {
      type: 'changed',
      change: { action: 'opened', alert: newer },
      at: 2,
    });
    expect(opened.ticker[0]).toMatchObject({ fresh: true, action: 'opened' });
    expect(opened.ticker[0]?.alert.id).toBe('2');
    const resolved = reduceAlertFeed(opened, {
      type: 'changed',
      change: { action: 'resolved', alert: { ...newer, status: 'resolved' } },
      at: 3,
    });
    expect(resolved.alerts?.map((item) => item.id)).toEqual(['1']);
    expect(resolved.ticker[0]?.alert.status).toBe('resolved');
    expect(resolved.ticker).toHaveLength(2);
  });

  it('moves an escalated alert to the front once, with its new severity', () => {
    const listed = reduceAlertFeed(initialAlertFeed, {
      type: 'listed',
      alerts: [older, newer],
      at: 1,
    });
    const escalated = reduceAlertFeed(listed, {
      type: 'changed',
      change: { action: 'escalated', alert: { ...older, severity: 4 } },
      at: 2,
    });
    expect(escalated.ticker.map((item) => [item.alert.id, item.alert.severity])).toEqual([
      ['1', 4],
      ['2', 3],
    ]);
  });

  it('announces alerts a later list brings that the socket missed, once', () => {
    const listed = reduceAlertFeed(initialAlertFeed, { type: 'listed', alerts: [older], at: 1 });
    const down = reduceAlertFeed(listed, { type: 'socket', phase: 'down', at: 2 });
    const polled = reduceAlertFeed(down, { type: 'listed', alerts: [older, newer], at: 3 });
    expect(polled.ticker.map((item) => [item.alert.id, item.fresh])).toEqual([
      ['2', true],
      ['1', false],
    ]);
    const again = reduceAlertFeed(polled, { type: 'listed', alerts: [older, newer], at: 4 });
    expect(again.ticker).toHaveLength(2);
  });
});

describe('toAlertLink', () => {
  const listed: AlertFeed = { ...initialAlertFeed, alerts: [], updatedAt: 5 };

  it('is reconnecting while the socket is down, even with the list polled', () => {
    expect(toAlertLink({ ...listed, socket: 'down' })).toEqual({
      phase: 'reconnecting',
      updatedAt: 5,
    });
  });

  it('is live with the socket up, connecting before anything arrived', () => {
    expect(toAlertLink({ ...listed, socket: 'open' })).toEqual({ phase: 'live', updatedAt: 5 });
    expect(toAlertLink(initialAlertFeed)).toEqual({ phase: 'connecting' });
  });
});
