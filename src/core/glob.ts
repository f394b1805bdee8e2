/**
 * `*` wildcards (any run of characters, `/` included) matched in linear time: the pattern is
 * split on `*` and its literal parts are found in order, leftmost first. A regular expression
 * of `.*` runs backtracks, and with many stars it takes exponential time on a long text.
 */

/** The longest glob a fault rule or a journal filter takes: far above any real path, small enough to scan at once. */
export const GLOB_MAX_LENGTH = 1024;

/** A matcher for `glob`: exact text, or `*` for any run of characters. */
export function globMatcher(glob: string): (text: string) => boolean {
  if (!glob.includes('*')) return (text) => text === glob;
  const parts = glob.split('*');
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  const least = first.length + last.length;
  return (text) => {
    if (text.length < least || !text.startsWith(first) || !text.endsWith(last)) return false;
    // Leftmost matches leave the most room for the parts after them: no choice is ever undone.
    let at = first.length;
    const end = text.length - last.length;
    for (const part of middle) {
      const found = text.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}
