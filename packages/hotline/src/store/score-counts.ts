import type { Queryable } from '@city-twin/db';
import type { ScoreCounts } from '../ranking.ts';
import type { ScoreKind } from '../rules.ts';

/**
 * Counts of score facts per unit over the China Standard Time days `from`..`to`
 * (inclusive, YYYY-MM-DD), from the daily rollup of ticket_item.
 */
export async function scoreCountsByUnit(
  db: Queryable,
  from: string,
  to: string,
): Promise<Map<string, ScoreCounts>> {
  const rows = await db.query<{ unit_id: string; kind: ScoreKind; count: number }>(
    `SELECT unit_id, kind, sum(count)::int AS count FROM unit_score_daily
     WHERE day BETWEEN $1::date AND $2::date AND kind <> 'chase'
     GROUP BY unit_id, kind`,
    [from, to],
  );
  const result = new Map<string, ScoreCounts>();
  for (const row of rows) {
    const counts = result.get(row.unit_id) ?? {};
    counts[row.kind] = row.count;
    result.set(row.unit_id, counts);
  }
  return result;
}

/** Ids of every known unit, in id order. */
export async function unitIds(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ id: string }>('SELECT id FROM unit ORDER BY id');
  return rows.map((r) => r.id);
}
