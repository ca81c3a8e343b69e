import type { PickingInfo } from '@deck.gl/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from '../app/header.tsx';
import { LinkBanner } from '../app/link-banner.tsx';
import type { Scene, ScreenLocation } from '../app/screen-location.ts';
import { markTwinReady } from '../app/twin-ready.ts';
import type { District } from '../graphql/types.ts';
import { CategoryFilter } from '../hotline/category-filter.tsx';
import { DetailDrawer } from '../hotline/detail-drawer.tsx';
import { HexagonOrdersView } from '../hotline/hexagon-orders.tsx';
import { HexagonLegend } from '../hotline/hexagon-legend.tsx';
import { formatCount, formatFullDateTime } from '../hotline/hotline-format.ts';
import {
  hotlineRulesOperation,
  hotlineTrendOperation,
  unitRankingOperation,
} from '../hotline/hotline-operations.ts';
import type { TicketLocation, UnitRef } from '../hotline/hotline-types.ts';
import { KpiStrip } from '../hotline/kpi-strip.tsx';
import { toLabel } from '../hotline/labels.ts';
import { OverduePanel } from '../hotline/overdue-panel.tsx';
import { PeriodPicker } from '../hotline/period-picker.tsx';
import { type Period, toDateRange } from '../hotline/period.ts';
import { RulesPanel } from '../hotline/rules-panel.tsx';
import { ScoreBreakdownView } from '../hotline/score-breakdown.tsx';
import { TicketLayer, toPickedOrders } from '../hotline/ticket-layer.ts';
import { TicketTraceView } from '../hotline/ticket-trace.tsx';
import { TrendPanel } from '../hotline/trend-panel.tsx';
import { UnitRankingPanel } from '../hotline/unit-ranking-panel.tsx';
import { useChinaToday } from '../hotline/use-china-today.ts';
import {
  useHotlineKpis,
  useMapTickets,
  useOverdueTickets,
} from '../hotline/use-hotline-at-cursor.ts';
import { toDistrictName } from '../i18n/district-names.ts';
import { currentLanguage } from '../i18n/i18n.ts';
import type { LinkState } from '../live/city-feed.ts';
import { combineLinks } from '../live/polled-query.ts';
import { usePolledQuery } from '../live/use-polled-query.ts';
import { CityMap } from '../map/city-map.tsx';
import { toPickedDistrict } from '../map/map-tooltip.ts';
import { TimeBar } from '../time/time-bar.tsx';
import { StageCorners } from './stage-corners.tsx';

// Headline figures and the overdue list move with every order; the ranking and the trend are
// heavier and slower to change; the rules change with a deployment.
const kpiIntervalMs = 10_000;
const overdueIntervalMs = 10_000;
const rankingIntervalMs = 15_000;
const trendIntervalMs = 60_000;
const rulesIntervalMs = 300_000;

/** A drill-down in the drawer; several stack up (a unit's breakdown, then one of its orders). */
type DrawerView =
  | { kind: 'trace'; ticketId: string }
  | { kind: 'breakdown'; unit: UnitRef }
  | { kind: 'hexagon'; tickets: TicketLocation[] };

const noVariables = {};

/** The 12345 hotline scene: KPIs, unit ranking, overdue orders, orders on the map, trend. */
export function HotlineScene({
  districts,
  districtsLink,
  location,
  onLocationChange,
  onSceneChange,
}: {
  districts: readonly District[] | null;
  /** The districts' own link, which counts until they are loaded. */
  districtsLink: LinkState;
  location: ScreenLocation;
  onLocationChange: (location: ScreenLocation) => void;
  onSceneChange: (scene: Scene) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const today = useChinaToday();
  const { period } = location;
  const { from, to } = toDateRange(period, today);
  const range = useMemo(() => ({ from, to }), [from, to]);
  // KPIs, overdue orders and the map follow the time cursor; ranking and trend the period.
  const kpis = useHotlineKpis(today, kpiIntervalMs);
  const rules = usePolledQuery(hotlineRulesOperation, noVariables, rulesIntervalMs);
  const ranking = usePolledQuery(unitRankingOperation, range, rankingIntervalMs);
  const overdue = useOverdueTickets(overdueIntervalMs);
  const trend = usePolledQuery(hotlineTrendOperation, range, trendIntervalMs);
  const orders = useMapTickets(range);

  const link = combineLinks([
    ...(districts === null ? [districtsLink] : []),
    kpis.link,
    ranking.link,
    overdue.link,
    trend.link,
    orders.link,
  ]);

  // How many orders the period has in all (the trend counts every one of them).
  const periodTotal = useMemo(
    () => (trend.data ? trend.data.reduce((sum, row) => sum + row.count, 0) : null),
    [trend.data],
  );
  const [category, setCategory] = useState<string | null>(null);
  const categoryCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const ticket of orders.data?.tickets ?? []) {
      const key = ticket.category ?? 'other';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }, [orders.data]);
  const shownTickets = useMemo(() => {
    const tickets = orders.data?.tickets ?? [];
    return category === null
      ? tickets
      : tickets.filter((ticket) => (ticket.category ?? 'other') === category);
  }, [orders.data, category]);

  const [countDomain, setCountDomain] = useState<[number, number] | null>(null);
  const handleCountDomain = useCallback((domain: [number, number]) => {
    setCountDomain((previous) =>
      previous?.[0] === domain[0] && previous[1] === domain[1] ? previous : domain,
    );
  }, []);
  const layers = useMemo(
    () =>
      orders.data
        ? [
            new TicketLayer({
              id: 'tickets',
              tickets: shownTickets,
              pickable: true,
              onCountDomain: handleCountDomain,
            }),
          ]
        : [],
    [orders.data, shownTickets, handleCountDomain],
  );

  const [drawer, setDrawer] = useState<DrawerView[]>([]);
  const openTrace = useCallback((ticketId: string) => setDrawer([{ kind: 'trace', ticketId }]), []);
  const pushTrace = useCallback(
    (ticketId: string) => setDrawer((views) => [...views, { kind: 'trace', ticketId }]),
    [],
  );
  const openBreakdown = useCallback(
    (unit: UnitRef) => setDrawer([{ kind: 'breakdown', unit }]),
    [],
  );
  const closeDrawer = useCallback(() => setDrawer([]), []);
  const backDrawer = useCallback(() => setDrawer((views) => views.slice(0, -1)), []);

  const districtNames = useMemo(
    () => new Map((districts ?? []).map((district) => [district.code, district.name])),
    [districts],
  );
  const describe = useCallback(
    (info: PickingInfo) => {
      const picked = toPickedOrders(info);
      if (picked?.kind === 'hexagon') {
        return {
          title: t('hotline.map.hexagonTitle', { count: picked.count }),
          accent: '#ffb020',
          rows: [
            [t('hotline.map.clickHint'), ''] as const,
            [t('hotline.map.zoomHint'), ''] as const,
          ],
        };
      }
      if (picked?.kind === 'ticket') {
        const { ticket } = picked;
        return {
          title: ticket.id,
          accent: '#ffb020',
          rows: [
            [t('hotline.map.category'), toLabel(t, 'categories', ticket.category)] as const,
            [t('hotline.map.status'), toLabel(t, 'statuses', ticket.status)] as const,
            [t('hotline.map.createdAt'), formatFullDateTime(ticket.createdAt, language)] as const,
            [t('hotline.map.clickHint'), ''] as const,
          ],
        };
      }
      const district = toPickedDistrict(info);
      if (!district) return null;
      return {
        title: toDistrictName(
          district.code,
          districtNames.get(district.code) ?? district.name,
          language,
        ),
        accent: '#00e5ff',
        rows: [],
      };
    },
    [t, language, districtNames],
  );
  const handleMapClick = useCallback((info: PickingInfo) => {
    const picked = toPickedOrders(info);
    if (!picked) return;
    if (picked.kind === 'ticket') {
      setDrawer([{ kind: 'trace', ticketId: picked.ticket.id }]);
      return;
    }
    if (info.layer instanceof TicketLayer) {
      setDrawer([{ kind: 'hexagon', tickets: info.layer.ticketsInHexagon(picked) }]);
    }
  }, []);
  const handleDataDrawn = useCallback(() => markTwinReady(), []);
  const handlePeriodChange = useCallback(
    (next: Period) => onLocationChange({ ...location, period: next }),
    [location, onLocationChange],
  );

  const view = drawer.at(-1);
  const drawerTitle =
    view?.kind === 'trace'
      ? t('hotline.trace.title')
      : view?.kind === 'breakdown'
        ? t('hotline.breakdown.title')
        : t('hotline.hexagon.title');

  return (
    <>
      <Header scene="hotline" onSceneChange={onSceneChange} />
      <main className="layout layout--hotline" data-testid="hotline-scene">
        <aside className="column column--left">
          <TrendPanel trend={trend} range={range} />
          <OverduePanel overdue={overdue} districts={districts} onSelectTicket={openTrace} />
        </aside>
        <div className="center">
          <KpiStrip kpis={kpis} />
          <section className="stage">
            <CityMap
              districts={districts}
              layers={layers}
              dataReady={orders.data !== null}
              onDataDrawn={handleDataDrawn}
              toTooltip={describe}
              onClick={handleMapClick}
            />
            <div className="stage__toolbar">
              <PeriodPicker
                key={`${range.from}..${range.to}`}
                period={period}
                range={range}
                today={today}
                onChange={handlePeriodChange}
              />
              <div className="stage__count" data-testid="map-order-count">
                <span>{t('hotline.map.orders')}</span>
                <b>{orders.data ? formatCount(shownTickets.length, language) : '—'}</b>
                {orders.data?.truncated ? (
                  <small>
                    {periodTotal === null
                      ? t('hotline.map.truncated', {
                          shown: formatCount(orders.data.tickets.length, language),
                        })
                      : t('hotline.map.truncatedOf', {
                          shown: formatCount(orders.data.tickets.length, language),
                          total: formatCount(periodTotal, language),
                        })}
                  </small>
                ) : null}
              </div>
            </div>
            <div className="stage__bottom">
              <CategoryFilter
                selected={category}
                counts={categoryCounts}
                total={orders.data?.tickets.length ?? 0}
                onChange={setCategory}
              />
              <HexagonLegend domain={countDomain} />
            </div>
            <StageCorners />
            <LinkBanner link={link} hasData={districts !== null} />
            {view ? (
              <DetailDrawer
                title={drawerTitle}
                canGoBack={drawer.length > 1}
                onBack={backDrawer}
                onClose={closeDrawer}
              >
                {view.kind === 'trace' ? (
                  <TicketTraceView
                    key={view.ticketId}
                    ticketId={view.ticketId}
                    districts={districts}
                  />
                ) : view.kind === 'breakdown' ? (
                  <ScoreBreakdownView
                    key={view.unit.id}
                    unit={view.unit}
                    range={range}
                    rules={rules.data}
                    onSelectTicket={pushTrace}
                  />
                ) : (
                  <HexagonOrdersView tickets={view.tickets} onSelectTicket={pushTrace} />
                )}
              </DetailDrawer>
            ) : null}
          </section>
        </div>
        <aside className="column column--right">
          <UnitRankingPanel ranking={ranking} rules={rules.data} onSelectUnit={openBreakdown} />
          <RulesPanel rules={rules} />
        </aside>
      </main>
      <TimeBar />
    </>
  );
}
