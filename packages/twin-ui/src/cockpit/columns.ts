import type { TFunction } from 'i18next';
import { toAlertLabel, toTitle } from '../alerts/alert-format.ts';
import { toSeverityKey } from '../alerts/severity.ts';
import type { AlertSummary } from '../alerts/alert-types.ts';
import {
  formatCount,
  formatFullDateTime,
  formatOverdue,
  formatPoints,
  formatRate,
  formatSignedPoints,
} from '../hotline/hotline-format.ts';
import type { HotlineFigures, OverdueTicket, UnitRankRow } from '../hotline/hotline-types.ts';
import { toLabel } from '../hotline/labels.ts';
import type { Language } from '../i18n/languages.ts';
import type { TableColumn } from './cockpit-table.tsx';

// The columns of the cockpit's tables, shown and exported alike (numbers exported raw).

/** A rate exported as a percentage with one decimal, as it is shown. */
const toPercent = (rate: number | null): number | null =>
  rate === null ? null : Math.round(rate * 1000) / 10;

/** A district with its hotline figures. */
export type DistrictFigureRow = { code: string; name: string; figures: HotlineFigures };

export function toDistrictColumns(
  t: TFunction,
  language: Language,
): TableColumn<DistrictFigureRow>[] {
  return [
    { id: 'district', header: t('cockpit.districts.district'), text: (row) => row.name },
    {
      id: 'accepted',
      header: t('cockpit.figures.accepted'),
      text: (row) => formatCount(row.figures.accepted, language),
      csv: (row) => row.figures.accepted,
      numeric: true,
    },
    {
      id: 'completionRate',
      header: t('cockpit.figures.completionRate'),
      text: (row) => formatRate(row.figures.completionRate, language),
      csv: (row) => toPercent(row.figures.completionRate),
      numeric: true,
    },
    {
      id: 'satisfactionRate',
      header: t('cockpit.figures.satisfactionRate'),
      text: (row) => formatRate(row.figures.satisfactionRate, language),
      csv: (row) => toPercent(row.figures.satisfactionRate),
      numeric: true,
    },
    {
      id: 'overdueOpen',
      header: t('cockpit.figures.overdueOpen'),
      text: (row) => formatCount(row.figures.overdueOpen, language),
      csv: (row) => row.figures.overdueOpen,
      numeric: true,
    },
  ];
}

export function toRankingColumns(t: TFunction, language: Language): TableColumn<UnitRankRow>[] {
  return [
    {
      id: 'rank',
      header: t('hotline.ranking.rank'),
      text: (row) => String(row.rank),
      csv: (row) => row.rank,
      numeric: true,
    },
    { id: 'unit', header: t('hotline.ranking.unit'), text: (row) => row.unit.name },
    {
      id: 'score',
      header: t('hotline.ranking.score'),
      text: (row) => formatPoints(row.score, language),
      csv: (row) => row.score,
      numeric: true,
    },
    {
      id: 'previousScore',
      header: t('cockpit.ranking.previousScore'),
      text: (row) => formatPoints(row.previousScore, language),
      csv: (row) => row.previousScore,
      numeric: true,
    },
    {
      id: 'change',
      header: t('hotline.ranking.change'),
      text: (row) => formatSignedPoints(row.change, language),
      csv: (row) => row.change,
      numeric: true,
    },
    {
      id: 'flagged',
      header: t('hotline.ranking.flag'),
      text: (row) => (row.flagged ? t('hotline.ranking.flag') : ''),
    },
  ];
}

export function toOverdueColumns(
  t: TFunction,
  language: Language,
  districtName: (code: string) => string,
): TableColumn<OverdueTicket>[] {
  return [
    { id: 'id', header: t('cockpit.overdue.id'), text: (row) => row.id },
    {
      id: 'category',
      header: t('hotline.trace.category'),
      text: (row) => toLabel(t, 'categories', row.category),
    },
    {
      id: 'district',
      header: t('hotline.trace.district'),
      text: (row) => (row.district === null ? '—' : districtName(row.district)),
    },
    { id: 'unit', header: t('hotline.trace.unit'), text: (row) => row.unit?.name ?? '—' },
    {
      id: 'dueAt',
      header: t('hotline.trace.dueAt'),
      text: (row) => formatFullDateTime(row.dueAt, language),
      csv: (row) => row.dueAt,
    },
    {
      id: 'overdue',
      header: t('cockpit.overdue.overdueBy'),
      text: (row) => formatOverdue(row.overdueSeconds ?? 0, t),
    },
    { id: 'summary', header: t('cockpit.overdue.summary'), text: (row) => row.summary ?? '' },
  ];
}

export function toAlertColumns(t: TFunction, language: Language): TableColumn<AlertSummary>[] {
  return [
    {
      id: 'severity',
      header: t('cockpit.alerts.severity'),
      text: (row) => t(toSeverityKey(row.severity)),
    },
    { id: 'title', header: t('cockpit.alerts.alert'), text: (row) => toTitle(row, language) },
    {
      id: 'source',
      header: t('cockpit.alerts.source'),
      text: (row) => toAlertLabel(t, 'sources', row.source),
    },
    {
      id: 'status',
      header: t('cockpit.alerts.status'),
      text: (row) => toAlertLabel(t, 'statuses', row.status),
    },
    {
      id: 'openedAt',
      header: t('cockpit.alerts.openedAt'),
      text: (row) => formatFullDateTime(row.openedAt, language),
      csv: (row) => row.openedAt,
    },
    {
      id: 'count',
      header: t('cockpit.alerts.count'),
      text: (row) => formatCount(row.count, language),
      csv: (row) => row.count,
      numeric: true,
    },
  ];
}
