import { parseAlertRules, type AlertRules } from '@city-twin/alerts';
import type { Queryable } from '@city-twin/db';

/**
 * The alert rules in force: the newest version of `alert_rule_set` (edited through the
 * gateway), or the file's rules while the table is still empty. Each call reads only the
 * newest version number and parses the rule set again only when it changed.
 */
export interface AlertRuleSource {
  /** The rules in force, read through `q` (inside the caller's transaction when it has one). */
  current(q: Queryable): Promise<AlertRules>;
  /** Writes the file's rules as version 1 when no version exists yet (several workers may race). */
  seed(q: Queryable): Promise<void>;
}

/** Rules given directly (tests, tools) or looked up in the rule-set table. */
export type AlertRulesInput = AlertRules | AlertRuleSource;

/** Whether `input` looks rules up in the database. */
export function isAlertRuleSource(input: AlertRulesInput): input is AlertRuleSource {
  return typeof (input as Partial<AlertRuleSource>).current === 'function';
}

/** The rules of `input` now: given rules as they are, a source's newest version. */
export function rulesNow(input: AlertRulesInput, q: Queryable): Promise<AlertRules> {
  return isAlertRuleSource(input) ? input.current(q) : Promise.resolve(input);
}

/** Creates the source of the rules in force; `fileRules` seed the table and stand in while it is empty. */
export function createAlertRuleSource(
  fileRules: AlertRules,
  seedNote: string,
  log: (line: string) => void = () => undefined,
): AlertRuleSource {
  let cached: { version: number; rules: AlertRules } | undefined;
  return {
    async current(q) {
      const [newest] = await q.query<{ version: number }>(
        'SELECT version FROM alert_rule_set ORDER BY version DESC LIMIT 1',
      );
      if (!newest) return fileRules;
      if (cached?.version === newest.version) return cached.rules;
      const [row] = await q.query<{ rules: unknown }>(
        'SELECT rules FROM alert_rule_set WHERE version = $1',
        [newest.version],
      );
      // Versions are validated before they are written; a bad one fails the batch loudly.
      const rules = parseAlertRules(row?.rules, `alert rule set version ${newest.version}`);
      cached = { version: newest.version, rules };
      log(`alert rules: version ${newest.version} in force (${rules.rules.length} rules)`);
      return rules;
    },
    async seed(q) {
      await q.query(
        `INSERT INTO alert_rule_set (version, rules, created_by, note, change)
         SELECT 1, $1::jsonb, 'system', $2, '{"action":"seeded"}'::jsonb
         WHERE NOT EXISTS (SELECT 1 FROM alert_rule_set)
         ON CONFLICT (version) DO NOTHING`,
        [JSON.stringify(fileRules), seedNote],
      );
    },
  };
}
