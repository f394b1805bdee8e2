/**
 * A check's report in three forms: lines for a person (one per call, then a table of the
 * differences), JSON for a program, JUnit XML for a CI's test view (one test case per call).
 */
import type { Builder } from 'junit-report-builder';
import type { CheckReport } from './check.js';
import type { Outcome } from './judge.js';

const LABEL: Record<Outcome, string> = { match: 'match', drift: 'DRIFT', refused: 'REFUSED', failed: 'FAILED', skipped: 'skipped' };

/** A Markdown table cell: pipes escaped, one line. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The API of a call as reports name it: path, apiVer and, for a device's call, the device. */
function apiOf(call: CheckReport['calls'][number]): string {
  return `${call.path} ${call.apiVer}${call.iotId ? ` [${call.iotId}]` : ''}`;
}

/** The report as lines for a terminal or a CI log: a header, one line per call, the differences as a Markdown table, the result. */
export function reportLines(report: CheckReport): string[] {
  const lines = [`drift check of ${report.target}: ${report.devices} device${report.devices === 1 ? '' : 's'}, ${report.writes ? 'with writes (--allow-writes)' : 'read-only'}`];
  for (const call of report.calls) {
    // A refusal may quote the gateway's whole string-to-sign: the JSON report keeps it all.
    const why = call.reason ? `  ${call.reason.length > 120 ? `${call.reason.slice(0, 117)}...` : call.reason}` : '';
    lines.push(`  ${LABEL[call.outcome].padEnd(8)}${apiOf(call)}${why}`);
  }
  const rows = report.calls.flatMap((call) => call.differences.map((d) => ({ call, d })));
  if (rows.length) {
    lines.push('', 'differences (emulator: what the emulator answers there; target: what the service answered):', '');
    lines.push('| API | field | kind | emulator | target |', '|---|---|---|---|---|');
    for (const { call, d } of rows) {
      const where = d.count > 1 ? `${d.path} (${d.count} items)` : d.path;
      lines.push(`| ${cell(apiOf(call))} | ${cell(where)} | ${d.kind} | ${cell(d.emulator)} | ${cell(d.target)} |`);
    }
  }
  const c = report.counts;
  lines.push('', `result: ${report.result} (exit ${report.exitCode}): ${c.match} match, ${c.drift} drift, ${c.refused} refused, ${c.failed} failed, ${c.skipped} skipped`);
  return lines;
}

/** The report as JUnit XML: a suite per check, a test case per call; drift is a failure, refused and failed calls are errors. */
export async function reportJunit(report: CheckReport): Promise<string> {
  // Loaded when a report is written, not at every start of the CLI. Its types declare an ES default
  // export; at run time the default is module.exports, the builder.
  const junit = (await import('junit-report-builder')).default as unknown as Builder;
  const builder = junit.newBuilder();
  const suite = builder.testSuite().name(`aliyun-living-mock drift check of ${report.target}`).timestamp(report.startedAt);
  for (const call of report.calls) {
    const test = suite.testCase().className(call.step).name(apiOf(call));
    if (call.outcome === 'skipped') test.skipped().standardOutput(call.reason);
    else if (call.outcome === 'drift') {
      const table = call.differences.map((d) => `${d.path}: ${d.kind}: emulator ${d.emulator}; target ${d.target}${d.count > 1 ? ` (${d.count} items)` : ''}`).join('\n');
      test.failure(`${call.reason ?? 'drift'}`, 'drift').standardOutput(table);
    } else if (call.outcome === 'refused' || call.outcome === 'failed') test.error(call.reason ?? call.outcome, call.outcome);
  }
  return builder.build();
}

/** The report as JSON text. */
export function reportJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
