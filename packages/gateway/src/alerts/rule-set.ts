import { parseAlertRules, type AlertRule, type AlertRules } from '@city-twin/alerts';
import type { Db, Queryable } from '@city-twin/db';
import { badInput, notFound } from '../errors.ts';

/** The rules in force and the version they come from (null: none stored yet, the file's rules). */
export interface RulesInForce {
  version: number | null;
  rules: AlertRules;
  byId: Map<string, AlertRule>;
}

/** What one version of the rule set did. */
export type RuleSetAction = 'seeded' | 'saved' | 'deleted';

/** A version of the rule set as stored. */
export interface RuleSetVersionRow {
  version: number;
  /** `{ rules: [...] }` as stored (parsed when written). */
  rules: { rules: Record<string, unknown>[] };
  createdBy: string;
  createdAt: Date;
  note: string;
  change: { action?: RuleSetAction; ruleId?: string };
}

/** A rule added, changed or removed by a version, against the version before it. */
export interface RuleDiff {
  ruleId: string;
  change: 'added' | 'changed' | 'removed';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const MAX_NOTE = 2000;

const inForceOf = (version: number | null, rules: AlertRules): RulesInForce => ({
  version,
  rules,
  byId: new Map(rules.rules.map((rule) => [rule.id, rule])),
});

/** A reason to refuse an edit: why and where, as the rules' own parser says. */
function invalidRule(error: unknown): never {
  const message = (error as Error).message
    .replace(/^rule: /, '')
    .replaceAll('at rules[0].', 'at ')
    .replaceAll('at rules[0]', 'at the rule');
  throw badInput(`invalid alert rule: ${message}`);
}

function parseNote(note: string): string {
  const trimmed = note.trim();
  if (trimmed === '') throw badInput('a note saying why the rules change is required');
  const length = [...trimmed].length;
  if (length > MAX_NOTE) throw badInput(`a note is at most ${MAX_NOTE} characters, got ${length}`);
  return trimmed;
}

/**
 * The alert rule set of the database (`alert_rule_set`, newest version in force) with the
 * file's rules standing in while nothing is stored. Reading checks the newest version number
 * and reparses only when it changed; every edit appends a version in one transaction.
 */
export function createRuleSetStore(fileRules: AlertRules) {
  let cached: RulesInForce = inForceOf(null, fileRules);

  async function current(q: Queryable): Promise<RulesInForce> {
    const [newest] = await q.query<{ version: number }>(
      'SELECT version FROM alert_rule_set ORDER BY version DESC LIMIT 1',
    );
    if (!newest) return inForceOf(null, fileRules);
    if (cached.version === newest.version) return cached;
    const [row] = await q.query<{ rules: unknown }>(
      'SELECT rules FROM alert_rule_set WHERE version = $1',
      [newest.version],
    );
    const rules = parseAlertRules(row?.rules, `alert rule set version ${newest.version}`);
    cached = inForceOf(newest.version, rules);
    return cached;
  }

  /** Appends the version `edit` makes of the newest one; refused edits write nothing. */
  async function append(
    db: Db,
    actor: string,
    note: string,
    change: { action: RuleSetAction; ruleId: string },
    edit: (rules: readonly AlertRule[]) => unknown[],
  ): Promise<VersionWithDiff> {
    const why = parseNote(note);
    return db.withTransaction(async (tx) => {
      // One writer at a time (readers go on): versions are numbered without gaps.
      await tx.query('LOCK TABLE alert_rule_set IN EXCLUSIVE MODE');
      let base = await current(tx);
      if (base.version === null) {
        // Nothing seeded yet (no ingest has started): the file's rules become version 1.
        await tx.query(
          `INSERT INTO alert_rule_set (version, rules, created_by, note, change)
           VALUES (1, $1::jsonb, 'system', 'seeded from the gateway''s rules file before the first edit',
             '{"action":"seeded"}'::jsonb)`,
          [JSON.stringify(fileRules)],
        );
        base = inForceOf(1, fileRules);
      }
      const next = parseAlertRules({ rules: edit(base.rules.rules) }, 'alert rules');
      const version = base.version! + 1;
      await tx.query(
        `INSERT INTO alert_rule_set (version, rules, created_by, note, change)
         VALUES ($1, $2::jsonb, $3, $4, $5::jsonb)`,
        [version, JSON.stringify(next), actor, why, JSON.stringify(change)],
      );
      const [written] = await versions(tx, 1, version);
      return written!;
    });
  }

  return {
    current,

    /** Adds `input` as a rule, or replaces the rule with its id, in a new version. */
    save(db: Db, actor: string, input: unknown, note: string): Promise<VersionWithDiff> {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw badInput('invalid alert rule: a rule is a JSON object (id, kind, name, severity, …)');
      }
      let rule: AlertRule;
      try {
        [rule] = parseAlertRules({ rules: [input] }, 'rule').rules as [AlertRule];
      } catch (error) {
        invalidRule(error);
      }
      return append(db, actor, note, { action: 'saved', ruleId: rule.id }, (rules) => {
        const at = rules.findIndex((r) => r.id === rule.id);
        return at < 0 ? [...rules, rule] : rules.map((r, i) => (i === at ? rule : r));
      });
    },

    /** Removes the rule `id` in a new version; an unknown id is refused. */
    remove(db: Db, actor: string, id: string, note: string): Promise<VersionWithDiff> {
      return append(db, actor, note, { action: 'deleted', ruleId: id }, (rules) => {
        if (!rules.some((r) => r.id === id)) throw notFound(`no alert rule ${id.slice(0, 64)}`);
        return rules.filter((r) => r.id !== id);
      });
    },

    /** The newest `first` versions, newest first, each with what it changed. */
    history: (q: Queryable, first: number) => versions(q, first),
  };
}

/** A version with what it changed against the one before. */
export interface VersionWithDiff {
  row: RuleSetVersionRow;
  diff: RuleDiff[];
}

/** Up to `first` versions from `upTo` (default: the newest) down, each with its diff. */
async function versions(q: Queryable, first: number, upTo?: number): Promise<VersionWithDiff[]> {
  const rows = await q.query<RuleSetVersionRow>(
    `SELECT version, rules, created_by AS "createdBy", created_at AS "createdAt", note, change
     FROM alert_rule_set WHERE $2::int IS NULL OR version <= $2 ORDER BY version DESC LIMIT $1`,
    [first + 1, upTo ?? null],
  );
  return rows.slice(0, first).map((row, i) => ({ row, diff: diffOf(rows[i + 1], row) }));
}

/** A rule-set store. */
export type RuleSetStore = ReturnType<typeof createRuleSetStore>;

/** The rules `after` added, changed or removed against `before` (none: everything added). */
export function diffOf(
  before: RuleSetVersionRow | undefined,
  after: RuleSetVersionRow,
): RuleDiff[] {
  const old = new Map((before?.rules.rules ?? []).map((r) => [String(r.id), r]));
  const now = new Map(after.rules.rules.map((r) => [String(r.id), r]));
  const diffs: RuleDiff[] = [];
  for (const [ruleId, rule] of now) {
    const was = old.get(ruleId);
    if (!was) diffs.push({ ruleId, change: 'added', before: null, after: rule });
    else if (JSON.stringify(was) !== JSON.stringify(rule))
      diffs.push({ ruleId, change: 'changed', before: was, after: rule });
  }
  for (const [ruleId, rule] of old)
    if (!now.has(ruleId)) diffs.push({ ruleId, change: 'removed', before: rule, after: null });
  return diffs;
}
