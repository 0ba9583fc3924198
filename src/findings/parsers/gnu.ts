// GNU-style diagnostics, `file:line[:col]: [severity:] message`, → findings: flake8, pycodestyle,
// `ruff check --output-format concise`, mypy, go vet, `shellcheck -f gcc`, gcc and clang. Every other
// line (banners, go's `# pkg` headers, summaries, source excerpts and carets) is skipped, so this
// reader never reports an error: a clean run prints nothing or a summary, and a tool that crashed
// says so in its exit code, which the analyzer reads. Paths with spaces or colons are not read.
import type { Finding, Severity } from '../types.js';
import { lineNumber, makeFinding, repoPath } from './common.js';
import type { ParseOptions, ParseResult } from './types.js';

// The file part has no spaces or colons, so `http://x:80:` and `12:30:45` cannot pass for one, and
// must look like a path (below). After the line: `:col`, mypy's `:col:endLine:endCol`, or the GNU
// `.col`, `.col-endLine.endCol`, `.col-endCol` and `-endLine`. go vet prefixes type errors `vet: `.
const DIAGNOSTIC = new RegExp(
  [
    /^(?<vet>vet: )?(?<file>[^\s:]+):(?<line>\d+)/.source,
    /(?::\d+(?::(?<mypyEnd>\d+):\d+)?|\.\d+(?:-(?:(?<gnuEnd>\d+)\.\d+|\d+))?|-(?<lineEnd>\d+))?/.source,
    /:\s+(?<text>\S.*)$/.source,
  ].join(''),
);
// An extension that starts with a letter (`.py`, `.c++`, not `v1.2`), a directory, or a known name.
const PATH_LIKE = /(?:\/|\.[A-Za-z][\w+-]*$|^(?:GNUmakefile|Makefile|Dockerfile|Containerfile|Jenkinsfile)$)/;
const SEVERITY_WORD = /^(?<word>fatal error|error|warning|note|info|style|remark):\s*/i;
// flake8, pycodestyle, ruff and pylint put the code first (`F401`, `PLR0913`, `C0114:`); ruff then
// marks what `--fix` can repair with `[*]`.
const LEADING_CODE = /^(?<code>[A-Z]{1,6}\d{1,5}):?\s+(?:\[\*\]\s+)?(?=\S)/;
// mypy (`  [assignment]`), shellcheck (`[SC2086]`), gcc and clang (`[-Wunused-variable]`) put it last,
// after a space (checked apart: a `\s+` here would backtrack quadratically on a run of spaces).
const TRAILING_CODE = /\[(?<code>-W[\w=+-]+|[A-Za-z][\w.:/-]*)\]$/;
// pyflakes' syntax errors (E9, F63, F7) and undefined names (F82) break the program when it runs.
const BREAKING_CODE = /^(?:E9|F63|F7|F82)\d*$/;
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

interface Diagnostic {
  file: string;
  line: number;
  endLine: number | undefined;
  /** The severity word, lower case, when the tool printed one. */
  word: string | undefined;
  code: string | undefined;
  message: string;
  vet: boolean;
}

export function parseGnu(output: string, options: ParseOptions): ParseResult {
  const findings: Finding[] = [];
  // The last error or warning read, with its finding (undefined when dropped): the notes without a
  // code of their own that mypy, gcc and clang print after one are more of its message.
  let explained: { diagnostic: Diagnostic; finding: Finding | undefined } | undefined;
  for (const raw of output.split('\n')) {
    const diagnostic = readDiagnostic(raw.replace(/\r$/, '').replace(ANSI, ''));
    if (!diagnostic) continue;
    if (explained && explains(explained.diagnostic, diagnostic)) {
      if (explained.finding) explained.finding.message += `\n${noteText(explained.diagnostic, diagnostic)}`;
      continue;
    }
    const finding = toFinding(diagnostic, options);
    if (finding) findings.push(finding);
    explained = toSeverity(diagnostic) === 'notice' ? undefined : { diagnostic, finding };
  }
  return { findings };
}

/**
 * A note without a code of its own explains the error before it when it is at the same place or
 * points back (gcc's `declared here`, mypy's `defined here`: an earlier line or another file); one
 * further down the same file is news of its own (mypy's `Revealed type is …`).
 */
function explains(finding: Diagnostic, note: Diagnostic): boolean {
  if (note.word !== 'note' || note.code !== undefined) return false;
  return note.file !== finding.file || note.line <= finding.line;
}

/** `note: …`, with where it points when that is elsewhere. */
function noteText(finding: Diagnostic, note: Diagnostic): string {
  const elsewhere = note.file !== finding.file || note.line !== finding.line;
  return elsewhere ? `note: ${note.file}:${note.line}: ${note.message}` : `note: ${note.message}`;
}

function readDiagnostic(line: string): Diagnostic | undefined {
  const groups = DIAGNOSTIC.exec(line)?.groups;
  const file = groups?.file ?? '';
  const lineNo = lineNumber(groups?.line);
  if (!groups || lineNo === undefined || !PATH_LIKE.test(file)) return undefined;
  const printed = (groups.text ?? '').trimEnd();
  const word = SEVERITY_WORD.exec(printed)?.groups?.word?.toLowerCase();
  const { code, message } = splitCode(printed.replace(SEVERITY_WORD, ''));
  const end = lineNumber(groups.mypyEnd ?? groups.gnuEnd ?? groups.lineEnd);
  return {
    file,
    line: lineNo,
    endLine: end,
    word,
    code,
    message: message === '' ? printed : message,
    vet: groups.vet !== undefined,
  };
}

/** The check's code, leading or trailing, apart from the message. */
function splitCode(text: string): { code: string | undefined; message: string } {
  const leading = LEADING_CODE.exec(text);
  if (leading) return { code: leading.groups?.code, message: text.slice(leading[0].length).trim() };
  const trailing = TRAILING_CODE.exec(text);
  if (trailing && /\s/.test(text.charAt(trailing.index - 1)))
    return { code: trailing.groups?.code, message: text.slice(0, trailing.index).trim() };
  return { code: undefined, message: text.trim() };
}

function toFinding(diagnostic: Diagnostic, options: ParseOptions): Finding | undefined {
  const path = repoPath(options.workspace, diagnostic.file, options.cwd);
  if (path === undefined) return undefined;
  const fields = {
    // -Werror= turns a warning into an error; the check is the same one, so is its rule.
    rule: diagnostic.code?.replace(/^-Werror=/, '-W') ?? options.source,
    severity: toSeverity(diagnostic),
    message: diagnostic.message,
    path,
    line: diagnostic.line,
    endLine: diagnostic.endLine,
  };
  return makeFinding(fields, options);
}

function toSeverity(diagnostic: Diagnostic): Severity {
  switch (diagnostic.word) {
    case 'error':
    case 'fatal error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'note':
    case 'info':
    case 'style':
    case 'remark':
      return 'notice';
  }
  // go vet prints `vet: ` before the type errors that kept it from checking a package.
  if (diagnostic.vet) return 'error';
  if (diagnostic.code !== undefined && BREAKING_CODE.test(diagnostic.code)) return 'error';
  return 'warning';
}
