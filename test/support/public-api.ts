/** The package entries' exports as TypeScript's checker reads them, for the public API tests. */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Each entry of package.json's exports, by the name a user imports, and its source. */
export const ENTRIES: Record<string, string> = { 'aliyun-living-mock': 'src/index.ts', 'aliyun-living-mock/msw': 'src/msw/index.ts' };

export type Kind = 'function' | 'class' | 'constant' | 'type';

export interface Export {
  kind: Kind;
  /** The text of each @example of its declaration's doc comment. */
  examples: string[];
}

function compilerOptions(): ts.CompilerOptions {
  const fail = (d: ts.Diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  };
  return ts.getParsedCommandLineOfConfigFile(`${ROOT}tsconfig.json`, { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: fail })!.options;
}

/** A program of the entries, plus files that exist only in memory (path -> text). */
export function entriesProgram(virtual = new Map<string, string>()): ts.Program {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, lang, ...rest) => (virtual.has(name) ? ts.createSourceFile(name, virtual.get(name)!, lang) : getSourceFile(name, lang, ...rest));
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);
  return ts.createProgram([...Object.values(ENTRIES).map((f) => `${ROOT}${f}`), ...virtual.keys()], options, host);
}

/** Name -> its kind and the @example texts of its declaration's doc comment, for one entry file. */
export function exportsOf(program: ts.Program, file: string): Map<string, Export> {
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(`${ROOT}${file}`)!)!;
  return new Map(
    checker.getExportsOfModule(module).map((alias) => {
      const target = alias.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(alias) : alias;
      const typeOnly = alias.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d)) ?? false;
      const kind: Kind = typeOnly ? 'type'
        : target.flags & ts.SymbolFlags.Class ? 'class'
        : target.flags & ts.SymbolFlags.Function ? 'function'
        : target.flags & ts.SymbolFlags.Variable ? 'constant'
        : 'type';
      const examples = (target.declarations ?? []).flatMap((d) =>
        ts.getJSDocTags(d).flatMap((tag) => (tag.tagName.text === 'example' ? [ts.getTextOfJSDocComment(tag.comment) ?? ''] : [])),
      );
      return [alias.name, { kind, examples }];
    }),
  );
}
