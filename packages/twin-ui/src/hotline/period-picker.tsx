import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DateRange, isLocalDate, type Period, periodPresets } from './period.ts';

/** 今日 / 本月 / 本季度 / 本年, or a custom range of days. */
export function PeriodPicker({
  period,
  range,
  today,
  onChange,
}: {
  period: Period;
  /** The days the period covers now. */
  range: DateRange;
  today: string;
  onChange: (period: Period) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const valid = isLocalDate(from) && isLocalDate(to) && from <= to;

  const openCustom = () => {
    setFrom(range.from);
    setTo(range.to);
    setEditing(true);
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    setEditing(false);
    onChange({ kind: 'custom', from, to });
  };

  return (
    <div className="period-picker" data-testid="period-picker">
      <div className="segmented" role="group" aria-label={t('hotline.period.label')}>
        {periodPresets.map((preset) => (
          <button
            key={preset}
            type="button"
            className={period.kind === preset ? 'segmented__item is-active' : 'segmented__item'}
            aria-pressed={period.kind === preset}
            data-period={preset}
            onClick={() => {
              setEditing(false);
              onChange({ kind: preset });
            }}
          >
            {t(`hotline.period.${preset}`)}
          </button>
        ))}
        <button
          type="button"
          className={
            period.kind === 'custom' || editing ? 'segmented__item is-active' : 'segmented__item'
          }
          aria-pressed={period.kind === 'custom'}
          aria-expanded={editing}
          data-period="custom"
          onClick={() => (editing ? setEditing(false) : openCustom())}
        >
          {t('hotline.period.custom')}
        </button>
      </div>
      <span className="period-picker__range" data-testid="period-range">
        {t('hotline.period.range', { from: range.from, to: range.to })}
      </span>
      {editing ? (
        <form className="period-picker__custom" onSubmit={apply}>
          <label>
            <span>{t('hotline.period.from')}</span>
            <input
              type="date"
              value={from}
              max={today}
              onChange={(event) => setFrom(event.target.value)}
            />
          </label>
          <label>
            <span>{t('hotline.period.to')}</span>
            <input
              type="date"
              value={to}
              max={today}
              onChange={(event) => setTo(event.target.value)}
            />
          </label>
          <button type="submit" className="button" disabled={!valid}>
            {t('hotline.period.apply')}
          </button>
          {!valid && from && to ? (
            <span className="period-picker__error">{t('hotline.period.invalid')}</span>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
