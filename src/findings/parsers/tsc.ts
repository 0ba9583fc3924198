// `tsc --pretty false` output → findings. One diagnostic per `file(line,col): category TSnnnn: text`
// line; the indented lines after it are the rest of its message chain. Diagnostics without a file
// (`error TS5058: …`) are about the configuration, not the code: never findings.
import type { Finding, Severity } from '../types.js';
import { lineNumber, makeFinding, oneLine, repoPath } from './common.js';
import type { ParseOptions, ParseResult } from './types.js';

// tsc prints paths relative to its working directory; a greedy path keeps `a(1).ts(3,4)` whole.
const FILE_DIAGNOSTIC = /^(.+)\((\d+),(\d+)\): ([a-z]+) TS(\d+): (.*)$/;
const GLOBAL_DIAGNOSTIC = /^([a-z]+) TS(\d+): (.*)$/;
const CONTINUATION = /^\s+\S/;
// `src/a.ts:12:5 - error TS2322: …`, the default when tsc writes to a terminal.
const PRETTY_DIAGNOSTIC = /^.+:\d+:\d+ - [a-z]+ TS\d+: /;
// Colour codes of pretty mode, removed only to recognise it.
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

interface Diagnostic {
  file: string;
  line: number;
  category: string;
  code: string;
  message: string[];
}

export function parseTsc(output: string, options: ParseOptions): ParseResult {
  if (output.trim() === '') return { findings: [] };
  const diagnostics: Diagnostic[] = [];
  let configError: string | undefined;
  // The message that indented lines continue; a config error's continuation is read and dropped.
  let message: string[] | undefined;
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const file = FILE_DIAGNOSTIC.exec(line);
    const global = file ? null : GLOBAL_DIAGNOSTIC.exec(line);
    if (file) {
      const [, path = '', lineText = '', , category = '', code = '', text = ''] = file;
      message = [text];
      diagnostics.push({ file: path, line: lineNumber(lineText) ?? 0, category, code, message });
    } else if (global) {
      configError ??= line.trim();
      message = [];
    } else if (message && CONTINUATION.test(line)) {
      message.push(line.trimEnd());
    } else {
      message = undefined;
    }
  }
  if (diagnostics.length === 0) return { findings: [], error: noDiagnostics(output, configError) };
  return { findings: toFindings(diagnostics, options) };
}

function toFindings(diagnostics: Diagnostic[], options: ParseOptions): Finding[] {
  const findings: Finding[] = [];
  for (const diagnostic of diagnostics) {
    const path = repoPath(options.workspace, diagnostic.file, options.cwd);
    // (0,0) is what tsc prints for a position it does not know.
    if (path === undefined || diagnostic.line < 1) continue;
    const fields = {
      rule: `TS${diagnostic.code}`,
      severity: toSeverity(diagnostic.category),
      message: diagnostic.message.join('\n'),
      path,
      line: diagnostic.line,
    };
    findings.push(makeFinding(fields, options));
  }
  return findings;
}

/** tsc's categories are error, warning, suggestion and message. */
function toSeverity(category: string): Severity {
  if (category === 'error') return 'error';
  if (category === 'warning') return 'warning';
  return 'notice';
}

function noDiagnostics(output: string, configError: string | undefined): string {
  if (configError !== undefined) return oneLine(`tsc reported a configuration error: ${configError}`);
  const lines = output.split('\n').map((line) => line.replace(ANSI, ''));
  if (lines.some((line) => PRETTY_DIAGNOSTIC.test(line)))
    return 'tsc output is in pretty mode: add --pretty false to the command';
  const first = lines.find((line) => line.trim() !== '') ?? '';
  return oneLine(`tsc output has no "file(line,col): error TSnnnn: message" lines; it starts: ${first}`);
}
