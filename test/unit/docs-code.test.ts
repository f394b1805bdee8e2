/**
 * Every ```ts and ```js sample of the README and docs/*.md (and of the MSW package's and examples'
 * READMEs) type-checks against this package's source and the installed dependencies, as a user would
 * paste it. Words after the language in a fence say more: `msw2` or `msw3` (checked only when that
 * msw is installed: .ci/run runs this file again with msw 3), `file=NAME` (the file the page says it
 * is, so that samples of one page import each other). `iotId` stands for a device id the page leaves
 * to the reader; k6's module is declared as k6 documents it. JavaScript samples are checked too
 * (checkJs), but not for the annotations a JavaScript reader never writes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'packages/msw/README.md', 'examples/msw/README.md'];
const MSW_MAJOR = Number((JSON.parse(readFileSync(join(ROOT, 'node_modules/msw/package.json'), 'utf8')) as { version: string }).version.split('.')[0]);
// Under the repository, so that the packages in its node_modules resolve; never written to disk.
const VIRTUAL = join(ROOT, '.docs-code');

interface Sample {
  page: string;
  line: number;
  lang: 'ts' | 'js';
  tags: string[];
  path: string;
  code: string;
}

/** The page's fenced ts/js samples, each at the path it is checked as. */
function samplesOf(page: string): Sample[] {
  const lines = readFileSync(join(ROOT, page), 'utf8').split('\n');
  const samples: Sample[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^```(ts|js)\b(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    const tags = open[2]!.trim().split(/\s+/).filter(Boolean);
    const lang = open[1] as 'ts' | 'js';
    const file = tags.find((t) => t.startsWith('file='))?.slice('file='.length);
    const name = file ?? `line-${i + 1}.${lang === 'ts' ? 'ts' : 'mjs'}`;
    samples.push({ page, line: i + 1, lang, tags, path: join(VIRTUAL, page.replace(/\.md$/, ''), name), code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return samples;
}

const ALL = PAGES.flatMap(samplesOf);
const checked = ALL.filter((s) => !s.tags.some((t) => /^msw\d$/.test(t)) || s.tags.includes(`msw${MSW_MAJOR}`));

// What a page leaves to the reader, and k6's own module (k6 scripts run in k6, not Node).
const AMBIENT = `${join(VIRTUAL, 'ambient.d.ts')}`;
const AMBIENT_TEXT = `declare const iotId: string;
declare const __ITER: number;
declare module 'k6/http' {
  const http: { post(url: string, body?: string, params?: { headers?: Record<string, string> }): unknown };
  export default http;
}
`;

/** Type errors of the samples, each with its page and line. */
function typeErrors(samples: Sample[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    allowJs: true,
    checkJs: true,
    // The package's own names, as its exports give them to a user, from source (no build needed).
    paths: {
      'aliyun-living-mock': [join(ROOT, 'src/index.ts')],
      'aliyun-living-mock/msw': [join(ROOT, 'src/msw/index.ts')],
      '@aliyun-living-mock/msw': [join(ROOT, 'src/msw/index.ts')],
    },
  };
  const files = new Map(samples.map((s) => [s.path, `${s.code}\nexport {};\n`]));
  files.set(AMBIENT, AMBIENT_TEXT);
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
  host.directoryExists = (d) => d.startsWith(VIRTUAL) || (directoryExists?.call(host, d) ?? true);
  host.getSourceFile = (f, language, ...rest) => {
    const text = files.get(f);
    return text === undefined ? getSourceFile.call(host, f, language, ...rest) : ts.createSourceFile(f, text, language, true);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  const where = new Map(samples.map((s) => [s.path, s]));
  return samples.flatMap((s) => {
    const file = program.getSourceFile(s.path)!;
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    // A JavaScript reader writes no annotations: "implicitly any" (TS7xxx) is not a mistake there.
    return diagnostics.filter((d) => s.lang === 'ts' || d.code < 7000 || d.code >= 8000).map((d) => {
      const line = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line;
      return `${where.get(s.path)!.page}:${s.line + 1 + line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  });
}

describe('the code samples of the docs', () => {
  it('are found: every page with one, and the MSW set-ups for both msw 2 and msw 3', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(15);
    expect(new Set(ALL.map((s) => s.page))).toEqual(new Set(['README.md', 'docs/admin-api.md', 'docs/load-testing.md', 'docs/msw.md', 'docs/sessions.md', 'packages/msw/README.md']));
    for (const major of [2, 3]) expect(ALL.filter((s) => s.tags.includes(`msw${major}`)).length, `msw${major} samples`).toBeGreaterThanOrEqual(2);
  });

  it(`type-check as pasted, with msw ${MSW_MAJOR} (the one installed)`, () => {
    expect(typeErrors(checked)).toEqual([]);
  }, 180_000);

  it('tell msw 3 users the option it renamed and the init flag that asks nothing (CI has no terminal)', () => {
    const msw3 = ALL.filter((s) => s.tags.includes('msw3')).map((s) => s.code).join('\n');
    expect(msw3).toContain('onUnhandledFrame');
    expect(msw3).not.toContain('onUnhandledRequest');
    expect(readFileSync(join(ROOT, 'docs/msw.md'), 'utf8')).toContain('npx msw init public/ --save');
  });
});
