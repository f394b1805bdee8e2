/**
 * The docs a user reads hold together: every relative link of the README and of docs/ reaches a file
 * and, when it names one, a heading of that file (GitHub's anchors); the README stays a front page;
 * no user doc names an issue or a commit (history belongs in commit messages).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';
import { Lexer, marked, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join(ROOT, 'docs', name));
const LINKED_PAGES = [join(ROOT, 'README.md'), ...DOCS];
/** Everything a user reads: the pages above and the READMEs of the benchmarks and the examples. */
const USER_DOCS = [...LINKED_PAGES, join(ROOT, 'bench/README.md'), join(ROOT, 'examples/msw/README.md')];

const tokensOf = (file: string): Token[] => Lexer.lex(readFileSync(file, 'utf8'));

/** The text a heading shows (GitHub slugs that, not the Markdown source): code without backticks, no tags. */
function shownText(tokens: readonly Token[]): string {
  return tokens
    .map((token) => {
      if (token.type === 'html') return '';
      if ('tokens' in token && token.tokens) return shownText(token.tokens);
      return 'text' in token ? token.text : '';
    })
    .join('');
}

/** The anchors GitHub gives a page's headings, duplicates numbered as it numbers them. */
function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  marked.walkTokens(tokensOf(file), (token) => {
    if (token.type === 'heading') anchors.add(slugger.slug(shownText((token as Tokens.Heading).tokens)));
  });
  return anchors;
}

/** Every link and image target of a page that is not a URL with a scheme (http:, mailto:...). */
function relativeTargets(file: string): string[] {
  const targets: string[] = [];
  marked.walkTokens(tokensOf(file), (token) => {
    if ((token.type === 'link' || token.type === 'image') && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test((token as Tokens.Link).href)) {
      targets.push((token as Tokens.Link).href);
    }
  });
  return targets;
}

/** Why a link does not resolve, or null when it does. */
function brokenBecause(from: string, target: string): string | null {
  const [path = '', anchor] = target.split('#');
  const file = path === '' ? from : resolve(dirname(from), decodeURIComponent(path));
  if (!existsSync(file)) return `no file ${relative(ROOT, file)}`;
  if (anchor === undefined || anchor === '') return null;
  if (!file.endsWith('.md')) return `an anchor into ${relative(ROOT, file)}, which has no headings`;
  return anchorsOf(file).has(decodeURIComponent(anchor)) ? null : `no heading #${anchor} in ${relative(ROOT, file)}`;
}

const ISSUE = /\bissues? #?\d+/i;
// Seven or more lower-case hex digits with at least one letter and one digit, standing alone: a
// commit hash, not a documented id (masked ids such as "50e5op...*****0f57cd..." touch a `*`).
const COMMIT = /(?<![\w*-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}(?![\w*-])/;

describe('the docs a user reads', () => {
  it.each(LINKED_PAGES.map((file) => [relative(ROOT, file), file]))('%s: every relative link reaches its file and heading', (_name, file) => {
    const broken = relativeTargets(file).flatMap((target) => {
      const reason = brokenBecause(file, target);
      return reason ? [`${target}: ${reason}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('README links every page of docs/', () => {
    const linked = new Set(relativeTargets(join(ROOT, 'README.md')).map((target) => resolve(ROOT, target.split('#')[0]!)));
    expect(DOCS.filter((page) => !linked.has(page)).map((page) => relative(ROOT, page))).toEqual([]);
  });

  it('README is a front page: under 220 lines', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThan(220);
  });

  it.each(USER_DOCS.map((file) => [relative(ROOT, file), file]))('%s names no issue and no commit', (_name, file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.filter((line) => ISSUE.test(line) || COMMIT.test(line))).toEqual([]);
  });

  it('catches what it looks for (the checks themselves)', () => {
    expect(ISSUE.test('as issue 16 measured')).toBe(true);
    expect(ISSUE.test('see issues #3')).toBe(true);
    expect(COMMIT.test('the build before (88cd58a)')).toBe(true);
    expect(COMMIT.test('userId 50e5op6412259c0f11*****0f57cd9326da8409, orderId 202411151000002022179')).toBe(false);
    expect(brokenBecause(join(ROOT, 'README.md'), 'docs/streaming.md#how-the-timeline-works')).toBeNull();
    expect(brokenBecause(join(ROOT, 'README.md'), 'docs/streaming.md#no-such-heading')).toMatch(/no heading/);
    expect(brokenBecause(join(ROOT, 'README.md'), 'docs/no-such-page.md')).toMatch(/no file/);
  });
});
