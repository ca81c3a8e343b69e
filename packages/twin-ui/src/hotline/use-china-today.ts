import { useEffect, useState } from 'react';
import { type LocalDate, toChinaDate } from './period.ts';

/** Today's date in the city, changing at its midnight (checked once a minute). */
export function useChinaToday(): LocalDate {
  const [today, setToday] = useState(() => toChinaDate(Date.now()));
  useEffect(() => {
    const timer = setInterval(() => setToday(toChinaDate(Date.now())), 60_000);
    return () => clearInterval(timer);
  }, []);
  return today;
}
