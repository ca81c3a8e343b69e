/**
 * Turns rows into parallel arrays, one per column, for `unnest($1::…[], $2::…[], …)`:
 * the set-based insert that sends a whole batch in one statement.
 */
export function toColumns<T, K extends string>(
  rows: readonly T[],
  pick: Record<K, (row: T) => unknown>,
): unknown[][] {
  const keys = Object.keys(pick) as K[];
  const columns = keys.map(() => new Array<unknown>(rows.length));
  rows.forEach((row, i) => {
    keys.forEach((key, c) => {
      columns[c]![i] = pick[key](row);
    });
  });
  return columns;
}
