/**
 * The @example of every public export compiles against the sources: each example is a module that
 * imports every public name and declares the few variables the examples take as given.
 */
import ts from 'typescript';
import { expect, it } from 'vitest';
import { ENTRIES, entriesProgram, exportsOf, ROOT, type Kind } from '../support/public-api.js';

/** The module an example is checked in: every public name imported, the shared variables declared. */
function prelude(names: ReadonlyMap<string, { file: string; kind: Kind }>): string {
  const importsOf = (file: string) =>
    `import { ${[...names].filter(([, n]) => n.file === file).map(([name, n]) => (n.kind === 'type' ? `type ${name}` : name)).join(', ')} } from '../../${file.replace(/\.ts$/, '.js')}';`;
  return [
    ...Object.values(ENTRIES).map(importsOf),
    "import { afterAll, beforeAll, beforeEach, expect } from 'vitest';",
    "import { setupServer } from 'msw/node';",
    // A family's params are a zod schema (ApiFamily's example).
    "import { z } from 'zod';",
    // What several examples take as given: a running emulator, its admin client, a session, a device.
    'declare const mock: MockServer;',
    'declare const admin: AdminClient;',
    'declare const session: SessionClient;',
    'declare const iotId: string;',
  ].join('\n');
}

// Type-checking the examples checks much of src/ (zod's inferred types): seconds, not milliseconds.
it('every @example of the public API compiles', () => {
  const program = entriesProgram();
  const names = new Map<string, { file: string; kind: Kind }>();
  const examples = new Map<string, string>();
  for (const file of Object.values(ENTRIES)) {
    for (const [name, e] of exportsOf(program, file)) {
      if (!names.has(name)) names.set(name, { file, kind: e.kind });
      e.examples.forEach((text, i) => examples.set(`${name}${i || ''}`, text));
    }
  }
  // An example's own imports name the package; the prelude has imported those names already.
  const body = (text: string) => text.split('\n').filter((line) => !line.startsWith('import ')).join('\n');
  const head = prelude(names);
  const virtual = new Map([...examples].map(([name, text]) => [`${ROOT}test/.examples/${name}.mts`, `${head}\n{\n${body(text)}\n}\n`]));
  const withExamples = entriesProgram(virtual);
  const errors = [...virtual.keys()].flatMap((path) =>
    withExamples.getSemanticDiagnostics(withExamples.getSourceFile(path)).map((d) => `${path.slice(path.lastIndexOf('/') + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`),
  );
  expect(examples.size).toBeGreaterThanOrEqual(names.size);
  expect(errors).toEqual([]);
}, 120_000);
