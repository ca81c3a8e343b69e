import { scoreKinds, type HotlineRules, type ScoreKind } from './rules.ts';

/** How many facts of each kind a unit had in a period. */
export type ScoreCounts = Partial<Record<ScoreKind, number>>;

/** One kind's share of a score. */
export interface ScoreComponent {
  kind: ScoreKind;
  count: number;
  pointsEach: number;
  points: number;
}

/** A unit's score over a period: base + Σ count × points each, by the rules in force. */
export function scoreOf(
  counts: ScoreCounts,
  rules: HotlineRules,
): { score: number; components: ScoreComponent[] } {
  const components = scoreKinds.map((kind) => {
    const count = counts[kind] ?? 0;
    const pointsEach = rules.score.points[kind];
    // `+ 0` turns the -0 of zero facts at negative points into 0.
    return { kind, count, pointsEach, points: count * pointsEach + 0 };
  });
  const score = components.reduce((sum, c) => sum + c.points, rules.score.base);
  return { score: Math.round(score * 100) / 100, components };
}

/** Why a unit is flagged for a talk (约谈). */
export type FlagReason = 'below_floor' | 'fell_too_far';

/** One row of a ranking. */
export interface UnitRankRow {
  unitId: string;
  score: number;
  rank: number;
  previousScore: number;
  previousRank: number;
  change: number;
  flagged: boolean;
  flagReasons: FlagReason[];
  components: ScoreComponent[];
}

/** Competition ranks (1, 2, 2, 4) by score, best first; ties in unit id order. */
function ranks(scores: ReadonlyMap<string, number>): Map<string, number> {
  const order = [...scores].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const result = new Map<string, number>();
  order.forEach(([id, score], i) => {
    const prev = order[i - 1];
    result.set(id, prev && prev[1] === score ? result.get(prev[0])! : i + 1);
  });
  return result;
}

/**
 * Ranks every unit over a period against the previous period of the same length. Units
 * without facts score the base. Flags: score below `rules.flag.below`, or a fall of more
 * than `rules.flag.fallMoreThan` from the previous period.
 */
export function rankUnits(
  unitIds: readonly string[],
  current: ReadonlyMap<string, ScoreCounts>,
  previous: ReadonlyMap<string, ScoreCounts>,
  rules: HotlineRules,
): UnitRankRow[] {
  const now = new Map(unitIds.map((id) => [id, scoreOf(current.get(id) ?? {}, rules)]));
  const before = new Map(unitIds.map((id) => [id, scoreOf(previous.get(id) ?? {}, rules).score]));
  const rankNow = ranks(new Map([...now].map(([id, s]) => [id, s.score])));
  const rankBefore = ranks(before);
  return unitIds
    .map((unitId) => {
      const { score, components } = now.get(unitId)!;
      const previousScore = before.get(unitId)!;
      const change = Math.round((score - previousScore) * 100) / 100;
      const flagReasons: FlagReason[] = [];
      if (score < rules.flag.below) flagReasons.push('below_floor');
      if (-change > rules.flag.fallMoreThan) flagReasons.push('fell_too_far');
      return {
        unitId,
        score,
        rank: rankNow.get(unitId)!,
        previousScore,
        previousRank: rankBefore.get(unitId)!,
        change,
        flagged: flagReasons.length > 0,
        flagReasons,
        components,
      };
    })
    .sort((a, b) => a.rank - b.rank || (a.unitId < b.unitId ? -1 : 1));
}

/** The previous period of the same length as the days `from`..`to` (inclusive, YYYY-MM-DD). */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const day = 86_400_000;
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!(end >= start)) throw new RangeError(`period ${from}..${to} ends before it starts`);
  const length = (end - start) / day + 1;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(start - length * day), to: iso(start - day) };
}
