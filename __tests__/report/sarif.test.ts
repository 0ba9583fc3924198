// renderSarif against the OASIS SARIF 2.1.0 schema (ajv, draft-07) and the extra rules of GitHub code
// scanning's upload, on the demo report, no findings, odd text, the result cap and arbitrary findings.
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import type { Log } from 'sarif';
import { parseSarif } from '../../src/findings/parsers/sarif.js';
import type { Finding, Severity } from '../../src/findings/types.js';
import { SARIF_MAX_RESULTS, renderSarif } from '../../src/report/sarif.js';
import { makeDemoReport, makeFinding } from '../../__fixtures__/report.js';

const schema = JSON.parse(
  readFileSync(new URL('../../__fixtures__/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
) as object;
// Strict, but for the schema's `anyOf: [{ required: ['text'] }, …]`, which names properties declared
// outside the anyOf (strictRequired rejects that; it is valid JSON Schema).
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
formats.default(ajv);
const validateSchema = ajv.compile(schema);

function schemaErrors(text: string): string[] {
  if (validateSchema(JSON.parse(text))) return [];
  return (validateSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

const LEVELS = ['error', 'warning', 'note'];

/** What code scanning's upload asks beyond the schema (docs: "SARIF support for code scanning"). */
function codeScanningErrors(log: Log): string[] {
  const errors: string[] = [];
  if (log.runs.length > 20) errors.push(`${log.runs.length} runs`);
  for (const [r, run] of log.runs.entries()) {
    const rules = run.tool.driver.rules ?? [];
    const results = run.results ?? [];
    if (results.length > SARIF_MAX_RESULTS) errors.push(`run ${r}: ${results.length} results`);
    for (const [i, result] of results.entries()) {
      const at = `run ${r} result ${i}`;
      if (typeof result.ruleId !== 'string' || result.ruleId === '') errors.push(`${at}: no ruleId`);
      if (result.ruleIndex !== undefined && rules[result.ruleIndex]?.id !== result.ruleId)
        errors.push(`${at}: ruleIndex ${result.ruleIndex} is not rule ${result.ruleId}`);
      if (!LEVELS.includes(result.level ?? '')) errors.push(`${at}: level ${result.level}`);
      if (!result.message.text) errors.push(`${at}: no message text`);
      const fingerprints = Object.values(result.partialFingerprints ?? {});
      if (fingerprints.length === 0 || fingerprints.some((v) => v === ''))
        errors.push(`${at}: no partialFingerprints`);
      const locations = result.locations ?? [];
      if (locations.length === 0) errors.push(`${at}: no location`);
      for (const location of locations) {
        const uri = location.physicalLocation?.artifactLocation?.uri ?? '';
        if (uri === '' || /^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/'))
          errors.push(`${at}: uri ${JSON.stringify(uri)} is not relative`);
        const region = location.physicalLocation?.region;
        const start = region?.startLine;
        if (start === undefined || !Number.isInteger(start) || start < 1)
          errors.push(`${at}: startLine ${start}`);
        if (region?.endLine !== undefined && region.endLine < (start ?? 1)) errors.push(`${at}: endLine`);
      }
    }
  }
  return errors;
}

function expectValid(text: string): Log {
  expect(schemaErrors(text)).toEqual([]);
  const log = JSON.parse(text) as Log;
  expect(codeScanningErrors(log)).toEqual([]);
  return log;
}

const parseOptions = { workspace: '/repo', source: 'kilo', lineContent: () => undefined };

/** The fields a reader of the SARIF sees again after parsing it. */
function seen(
  findings: readonly Finding[],
): Array<[string, Severity, string, number, number | undefined, string]> {
  return findings.map((f) => [f.rule, f.severity, f.path, f.line, f.endLine, f.message]);
}

describe('renderSarif', () => {
  it('renders the demo report as a valid log: one result per finding, rules indexed, fingerprints kept', () => {
    const findings = makeDemoReport().findings;
    const log = expectValid(renderSarif(findings, '1.2.3'));
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'Kilo Agent', version: '1.2.3' });
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual([
      'no-console',
      'no-unused-vars',
      'secrets/aws-access-key',
      'tests/slow',
    ]);
    expect(
      run.results?.map((r) => [
        r.ruleId,
        r.level,
        r.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
        r.locations?.[0]?.physicalLocation?.region?.startLine,
        r.partialFingerprints?.['kiloFingerprint/v1'],
      ]),
    ).toEqual(
      findings.map((f) => [
        f.rule,
        { error: 'error', warning: 'warning', notice: 'note' }[f.severity],
        f.path,
        f.line,
        f.fingerprint,
      ]),
    );
    expect(run.invocations).toBeUndefined();
    expect(run.properties).toBeUndefined();
  });

  it('renders no findings as a valid run with no results and no rules', () => {
    const log = expectValid(renderSarif([], '0.1.0'));
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]?.results).toEqual([]);
    expect(log.runs[0]?.tool.driver.rules).toEqual([]);
  });

  it('keeps odd text intact and percent-encodes paths into relative URIs', () => {
    const findings = [
      makeFinding({ path: 'docs/my notes/read me.md', message: 'Ünïcödé ✓ 😀 שלום 漢字 zero\u200bwidth' }),
      makeFinding({ path: 'src/ä#b%c?d.ts', message: 'line one\nline two\r\n\ttabbed "quoted" \\ back' }),
      makeFinding({ path: 'a:b/c.ts', message: 'x'.repeat(100_000), severity: 'notice' }),
      makeFinding({
        path: 'src/😀.ts',
        rule: 'rule with spaces/ünï',
        severity: 'error',
        line: 4,
        endLine: 9,
      }),
    ];
    const text = renderSarif(findings, '0.1.0');
    const log = expectValid(text);
    const results = log.runs[0]?.results ?? [];
    expect(results.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri)).toEqual([
      'docs/my%20notes/read%20me.md',
      'src/%C3%A4%23b%25c%3Fd.ts',
      'a%3Ab/c.ts',
      'src/%F0%9F%98%80.ts',
    ]);
    expect(results.map((r) => r.message.text)).toEqual(findings.map((f) => f.message));
    expect(results[3]?.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 4, endLine: 9 });
    expect(seen(parseSarif(text, parseOptions).findings)).toEqual(seen(findings));
  });

  it('gives a finding without a usable rule, message, line or fingerprint one that code scanning accepts', () => {
    const finding = makeFinding({ rule: ' ', message: '', line: 0, endLine: 0, source: 'lint' });
    finding.fingerprint = '';
    const result = expectValid(renderSarif([finding], '0.1.0')).runs[0]?.results?.[0];
    expect(result?.ruleId).toBe('lint/unnamed');
    expect(result?.message.text).toBe('lint/unnamed');
    expect(result?.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 1 });
    expect(result?.partialFingerprints).toEqual({ 'kiloFingerprint/v1': 'lint/unnamed:src/a.ts:1' });
  });

  it('caps a run at 25,000 results, keeps the most severe, and says so in the run', () => {
    const notices = Array.from({ length: SARIF_MAX_RESULTS }, (_, i) =>
      makeFinding({ severity: 'notice', rule: `r${i % 7}`, line: i + 1 }),
    );
    const error = makeFinding({ severity: 'error', rule: 'secrets/key', line: 1 });
    const findings = [...notices.slice(0, 10), error, ...notices.slice(10)];
    const log = expectValid(renderSarif(findings, '0.1.0'));
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(SARIF_MAX_RESULTS);
    expect(run.results?.[10]?.ruleId).toBe('secrets/key');
    expect(run.results?.at(-1)?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(
      SARIF_MAX_RESULTS - 1,
    );
    expect(run.properties).toEqual({ resultsTotal: SARIF_MAX_RESULTS + 1, resultsOmitted: 1 });
    const notice = run.invocations?.[0]?.toolExecutionNotifications?.[0];
    expect(notice?.level).toBe('warning');
    expect(notice?.message.text).toContain('25001 findings');
    expect(notice?.message.text).toContain('rejects a run of more than 25000 results');
  });

  it('leaves a run of exactly 25,000 results whole', () => {
    const findings = Array.from({ length: SARIF_MAX_RESULTS }, (_, i) => makeFinding({ line: i + 1 }));
    const run = (JSON.parse(renderSarif(findings, '0.1.0')) as Log).runs[0]!;
    expect(run.results).toHaveLength(SARIF_MAX_RESULTS);
    expect(run.invocations).toBeUndefined();
  });
});

const severity = fc.constantFrom<Severity>('error', 'warning', 'notice');
/** A path segment git could hold: no `/`, not `.` or `..`. */
const segment = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .filter((s) => !s.includes('/') && s !== '.' && s !== '..');
const repoPathArb = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));

const anyFinding: fc.Arbitrary<Finding> = fc.record(
  {
    rule: fc.string({ unit: 'binary', maxLength: 30 }),
    severity,
    message: fc.string({ unit: 'binary', maxLength: 300 }),
    path: repoPathArb,
    line: fc.integer({ min: -3, max: 1_000_000 }),
    endLine: fc.integer({ min: -3, max: 1_000_000 }),
    source: fc.string({ maxLength: 10 }),
    fingerprint: fc.string({ maxLength: 40 }),
  },
  { requiredKeys: ['rule', 'severity', 'message', 'path', 'line', 'source', 'fingerprint'] },
);

/** Findings as the parsers make them, whose every field survives a SARIF round trip. */
const parserFinding = fc
  .record({
    rule: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ''),
    severity,
    message: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }).filter((s) => s.trim() !== ''),
    path: repoPathArb.filter((p) => p === p.trim() && !p.includes('\\') && !p.startsWith('file:')),
    line: fc.integer({ min: 1, max: 1_000_000 }),
    span: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
  })
  .map(({ span, ...rest }) =>
    makeFinding({ ...rest, ...(span === undefined ? {} : { endLine: rest.line + span }) }),
  );

describe('renderSarif on arbitrary findings', () => {
  it('always writes a log the schema and code scanning accept', () => {
    fc.assert(
      fc.property(
        fc.array(anyFinding, { maxLength: 8 }),
        fc.string({ minLength: 1 }),
        (findings, version) => {
          const text = renderSarif(findings, version);
          expect(schemaErrors(text)).toEqual([]);
          expect(codeScanningErrors(JSON.parse(text) as Log)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips rule, severity, path, lines and message through the SARIF parser', () => {
    fc.assert(
      fc.property(fc.array(parserFinding, { maxLength: 8 }), (findings) => {
        const parsed = parseSarif(renderSarif(findings, '0.1.0'), parseOptions);
        expect(parsed.error).toBeUndefined();
        expect(seen(parsed.findings)).toEqual(seen(findings));
      }),
      { numRuns: 200 },
    );
  });
});
