import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DateRange, isLocalDate } from './period.ts';

/**
 * A custom range of days (从 … 至 …, none after `today`), applied only when `from ≤ to`. Its
 * fields start at `initial`: mount it when the picker opens.
 */
export function DateRangeForm({
  initial,
  today,
  onApply,
}: {
  initial: DateRange;
  today: string;
  onApply: (range: DateRange) => void;
}) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const valid = isLocalDate(from) && isLocalDate(to) && from <= to;
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (valid) onApply({ from, to });
  };
  return (
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
        <input type="date" value={to} max={today} onChange={(event) => setTo(event.target.value)} />
      </label>
      <button type="submit" className="button" disabled={!valid}>
        {t('hotline.period.apply')}
      </button>
      {!valid && from && to ? (
        <span className="period-picker__error">{t('hotline.period.invalid')}</span>
      ) : null}
    </form>
  );
}
