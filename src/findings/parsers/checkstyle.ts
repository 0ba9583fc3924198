// Checkstyle XML → findings: `<checkstyle><file name><error line severity message source/></file>`.
// Only the five predefined XML entities and character references are decoded; entities a DOCTYPE
// declares are not expanded (no entity bombs, no surprises from a hostile report).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { Finding, Severity } from '../types.js';
import { firstIssue, lineNumber, makeFinding, oneLine, repoPath } from './common.js';
import type { ParseOptions, ParseResult } from './types.js';

const errorSchema = z.object({
  line: z.string().optional(),
  severity: z.string().optional(),
  message: z.string().optional(),
  source: z.string().optional(),
});
const reportSchema = z.object({
  checkstyle: z.object({
    file: z.array(z.object({ name: z.string(), error: z.array(errorSchema).optional() })),
  }),
});

type CheckstyleError = z.infer<typeof errorSchema>;

const PREDEFINED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** The standard XML references, in one pass so `&amp;lt;` stays `&lt;`; anything else is left as is. */
function decodeXmlReferences(text: string): string {
  return text.replace(
    /&(?:#(\d+)|#x([0-9a-fA-F]+)|([a-zA-Z]+));/g,
    (match, dec?: string, hex?: string, name?: string) => {
      if (name !== undefined) return PREDEFINED.get(name) ?? match;
      const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    },
  );
}

function createParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (_name, jpath) => jpath === 'checkstyle.file' || jpath === 'checkstyle.file.error',
    entityDecoder: {
      decode: decodeXmlReferences,
      addInputEntities: () => undefined,
      setExternalEntities: () => undefined,
      reset: () => undefined,
      setXmlVersion: () => undefined,
    },
  });
}

export function parseCheckstyle(output: string, options: ParseOptions): ParseResult {
  if (output.trim() === '') return { findings: [], error: 'checkstyle output is empty (expected XML)' };
  const valid = XMLValidator.validate(output);
  if (valid !== true) {
    const { msg, line } = valid.err;
    return { findings: [], error: oneLine(`checkstyle output is not XML: line ${line}: ${msg}`) };
  }
  let xml: unknown;
  try {
    xml = createParser().parse(output);
  } catch (error) {
    return { findings: [], error: oneLine(`checkstyle output is not XML: ${String(error)}`) };
  }
  const parsed = reportSchema.safeParse(withFileList(xml));
  if (!parsed.success)
    return {
      findings: [],
      error: oneLine(`checkstyle output has an unexpected shape: ${firstIssue(parsed.error)}`),
    };

  const findings: Finding[] = [];
  for (const file of parsed.data.checkstyle.file) {
    const path = repoPath(options.workspace, file.name, options.cwd);
    if (path === undefined) continue;
    for (const error of file.error ?? []) {
      const finding = toFinding(path, error, options);
      if (finding) findings.push(finding);
    }
  }
  return { findings };
}

/** `<checkstyle/>` (nothing checked) parses to an empty string; it is a report with no files. */
function withFileList(xml: unknown): unknown {
  if (typeof xml !== 'object' || xml === null || !('checkstyle' in xml)) return xml;
  const root = (xml as { checkstyle: unknown }).checkstyle;
  if (typeof root === 'object' && root !== null && 'file' in root) return xml;
  return { ...xml, checkstyle: { ...(typeof root === 'object' ? root : {}), file: [] } };
}

function toFinding(path: string, error: CheckstyleError, options: ParseOptions): Finding | undefined {
  const severity = toSeverity(error.severity);
  // line 0 or none: a problem with the whole file (ESLint writes 0), nothing to anchor it to.
  const line = lineNumber(error.line);
  if (severity === undefined || line === undefined) return undefined;
  const rule = ruleOf(error.source);
  return makeFinding({ rule, severity, message: messageOf(error.message, rule), path, line }, options);
}

/**
 * ESLint's formatter writes `eslint.rules.<ruleId>` and ShellCheck `ShellCheck.SC2086`; the prefix
 * goes, so a rule has the name the tool's docs and its other formats use (and the same fingerprints
 * as with ESLint's --format json). Other sources are kept as written.
 */
function ruleOf(source: string | undefined): string {
  const rule = source?.trim().replace(/^(?:eslint\.rules|ShellCheck)\./, '') ?? '';
  return rule === '' ? 'checkstyle' : rule;
}

/** ESLint's formatter also appends ` (<ruleId>)` to the message; that copy of the rule goes too. */
function messageOf(message: string | undefined, rule: string): string {
  const text = message ?? '';
  const suffix = ` (${rule})`;
  return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}

/** Checkstyle's own default severity is error; `ignore` means the check is off. */
function toSeverity(severity: string | undefined): Severity | undefined {
  switch (severity?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'ignore':
      return undefined;
    default:
      return 'notice';
  }
}
