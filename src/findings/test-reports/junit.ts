// JUnit XML → per-test results. One walk for every dialect: <testsuites>/<testsuite> nested to any
// depth (node:test nests describe blocks, surefire writes a bare <testsuite>, node:test may put a
// <testcase> straight under <testsuites>), <testcase> with <failure>/<error> (failed) or <skipped>.
// A document with a DOCTYPE is refused: no test reporter writes one, and its entities are the one way
// XML can expand without bound or reach outside the file. `line` is taken as written (pytest's xunit1
// family writes it 0-based; its tracebacks, which findings prefer, are right).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { getErrorMessage } from '../../util/errors.js';
import { lineNumber, oneLine, repoPath } from '../parsers/common.js';
import { durationMs, failureMessage, failureStack, readSafely, stripAnsi } from './text.js';
import type { TestCase, TestReport, TestReportOptions } from './types.js';

type XmlNode = Record<string, unknown>;

const REPEATED = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error', 'skipped']);
const MAX_DEPTH = 64;
// node:test writes `classname="test"` for every test: not a class.
const PLACEHOLDER_CLASSNAMES = new Set(['', 'test', 'suite']);

interface Enclosing {
  suites: string[];
  /** `<testsuite file="…">`, for reporters that name the file on the suite only. */
  file: string | undefined;
}

export function parseJunit(text: string, options: TestReportOptions): TestReport {
  return readSafely('JUnit report', () => readJunit(text, options));
}

function readJunit(text: string, options: TestReportOptions): TestReport {
  if (text.trim() === '') return { tests: [], error: 'JUnit report is empty' };
  if (declaresDoctype(text)) {
    return {
      tests: [],
      error: 'JUnit report has a DOCTYPE: refused (reporters never write one; its entities could expand)',
    };
  }
  let root: unknown;
  try {
    root = createParser().parse(text);
  } catch (error) {
    return { tests: [], error: oneLine(`JUnit report is not XML: ${getErrorMessage(error)}`) };
  }
  const tests: TestCase[] = [];
  const document = isNode(root) ? root : {};
  const found = ['testsuites', 'testsuite', 'testcase'].some((tag) => tag in document);
  walk(document, { suites: [], file: undefined }, options, tests, 0);
  const invalid = wellFormednessError(text);
  if (!found)
    return {
      tests,
      error: oneLine(invalid ?? 'JUnit report has no <testsuites>, <testsuite> or <testcase>'),
    };
  return invalid === undefined ? { tests } : { tests, error: oneLine(`${invalid} (truncated?)`) };
}

function createParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: '@',
    textNodeName: '#text',
    alwaysCreateTextNode: true,
    parseTagValue: false,
    parseAttributeValue: false,
    // Numeric character references (pytest writes `&#10;` in message attributes) need this.
    htmlEntities: true,
    // Defence in depth behind the DOCTYPE refusal: the library's limits on declared entities.
    processEntities: { enabled: true, maxEntityCount: 10, maxEntitySize: 1000 },
    isArray: (tag, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(tag),
  });
}

function walk(
  node: XmlNode,
  enclosing: Enclosing,
  options: TestReportOptions,
  out: TestCase[],
  depth: number,
) {
  if (depth > MAX_DEPTH) return;
  for (const testcase of elements(node.testcase)) out.push(toTestCase(testcase, enclosing, options));
  for (const tag of ['testsuites', 'testsuite']) {
    for (const suite of elements(node[tag])) {
      const name = attribute(suite, 'name');
      const inner: Enclosing = {
        suites:
          tag === 'testsuite' && name !== undefined && name !== ''
            ? [...enclosing.suites, name]
            : enclosing.suites,
        file: attribute(suite, 'file') ?? enclosing.file,
      };
      walk(suite, inner, options, out, depth + 1);
    }
  }
}

function toTestCase(element: XmlNode, enclosing: Enclosing, options: TestReportOptions): TestCase {
  const rawName = stripAnsi(attribute(element, 'name') ?? '').trim();
  const nameAsPath = rawName.startsWith('/') ? repoPath(options.workspace, rawName, options.cwd) : undefined;
  const name = nameAsPath ?? (rawName === '' ? '(unnamed test)' : rawName);
  const failures = [...elements(element.failure), ...elements(element.error)];
  const skips = elements(element.skipped);
  const status = failures.length > 0 ? 'failed' : skips.length > 0 ? 'skipped' : 'passed';
  const test: TestCase = { name, status };

  const suite = suiteOf(attribute(element, 'classname'), rawName, enclosing.suites);
  if (suite !== undefined) test.suite = suite;
  const fileAttribute = attribute(element, 'file') ?? enclosing.file;
  const file =
    fileAttribute === undefined ? nameAsPath : repoPath(options.workspace, fileAttribute, options.cwd);
  if (file !== undefined) test.file = file;
  const line = lineNumber(attribute(element, 'line'));
  if (line !== undefined && file !== undefined) test.line = line;

  const first = failures[0] ?? skips[0];
  if (first !== undefined) {
    const message = failureMessage(attribute(first, 'message') ?? '') ?? failureMessage(textOf(first));
    if (message !== undefined) test.message = message;
  }
  if (failures.length > 0) {
    const stack = failureStack(failures.map(textOf).join('\n\n'));
    if (stack !== undefined) test.stack = stack;
  }
  const duration = durationMs(attribute(element, 'time'), 1000);
  if (duration !== undefined) test.durationMs = duration;
  return test;
}

/**
 * The classname when it says something (pytest's `tests.test_cart`, surefire's `com.example.CartTest`),
 * else the enclosing <testsuite> names: jest-junit repeats the name as classname by default, and
 * node:test writes `test`.
 */
function suiteOf(classname: string | undefined, name: string, suites: string[]): string | undefined {
  const usable =
    classname !== undefined && !PLACEHOLDER_CLASSNAMES.has(classname.trim()) && classname !== name;
  if (usable) return classname.trim();
  const joined = suites.join(' › ');
  return joined === '' || name.startsWith(joined) ? undefined : joined;
}

/** True when a DOCTYPE comes before the root element (a CDATA section later may quote one harmlessly). */
function declaresDoctype(text: string): boolean {
  let at = 0;
  for (;;) {
    while (at < text.length && /[\s\uFEFF]/.test(text.charAt(at))) at++;
    if (text.startsWith('<?', at)) at = skipPast(text, '?>', at);
    else if (text.startsWith('<!--', at)) at = skipPast(text, '-->', at);
    else return text.startsWith('<!DOCTYPE', at);
    if (at === -1) return false;
  }
}

function skipPast(text: string, end: string, from: number): number {
  const index = text.indexOf(end, from);
  return index === -1 ? -1 : index + end.length;
}

function wellFormednessError(text: string): string | undefined {
  try {
    const result = XMLValidator.validate(text);
    if (result === true) return undefined;
    return `JUnit report is not well-formed XML: line ${result.err.line}: ${result.err.msg}`;
  } catch (error) {
    return `JUnit report is not well-formed XML: ${getErrorMessage(error)}`;
  }
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A repeated element's occurrences as objects (a text-only element becomes `{ '#text': … }`). */
function elements(value: unknown): XmlNode[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (isNode(item) ? item : { '#text': typeof item === 'string' ? item : '' }));
}

function attribute(element: XmlNode, name: string): string | undefined {
  const attributes = element['@'];
  if (!isNode(attributes)) return undefined;
  const value = attributes[name];
  return typeof value === 'string' ? value : undefined;
}

function textOf(element: XmlNode): string {
  const text = element['#text'];
  return typeof text === 'string' ? text : '';
}
