import { readFileSync } from 'node:fs';
import { describeIssues, FaultRules, type FaultRule } from './schema.js';

/** Reads and validates a rules file (`--faults rules.json`): a JSON array of rules or {rules: [...]}. */
export function loadFaultsFile(file: string): FaultRule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`--faults ${file}: cannot read it: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`--faults ${file}: not valid JSON: ${(err as Error).message}`);
  }
  const parsed = FaultRules.safeParse(json);
  if (!parsed.success) throw new Error(`--faults ${file}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
