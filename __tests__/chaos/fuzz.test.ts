// Fuzz suite: every reader of untrusted input (webhook payloads, `.github/kilo.yml`, unified diffs, tool
// outputs and test reports, LLM answers) fed generated text and mutated real inputs. One invariant for
// all: a result whose fields are within bounds, or a clear error (ours, one line, naming what is wrong),
// never an unhandled exception. `npm run test:chaos` (KILO_CHAOS=full) runs 10,000 cases per target;
// the count of what ran is printed at the end.
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { makeContext } from '../../__fixtures__/context.js';
import { issueCommentPayloadIn, pullRequestPayloadIn, type Payload } from '../../__fixtures__/webhooks.js';
import { reviewAnswerSchema, validateFindings } from '../../src/agents/review-answer.js';
import { parseCommentEvent } from '../../src/commands/event.js';
import { parseUnifiedDiff } from '../../src/context/diff.js';
import { parsePullRequestEvent } from '../../src/context/event.js';
import type { ChangedFile } from '../../src/context/types.js';
import { parseCheckstyle } from '../../src/findings/parsers/checkstyle.js';
import { parseClippyJson } from '../../src/findings/parsers/clippy-json.js';
import { parseGnu } from '../../src/findings/parsers/gnu.js';
import { parseEslintJson } from '../../src/findings/parsers/eslint-json.js';
import {
  compileProblemMatchers,
  createProblemMatcherParser,
} from '../../src/findings/parsers/problem-matcher.js';
import { parseRdjson, parseRdjsonl } from '../../src/findings/parsers/rdjson.js';
import { parseSarif } from '../../src/findings/parsers/sarif.js';
import { parseTsc } from '../../src/findings/parsers/tsc.js';
import type { FindingParser, ParseOptions } from '../../src/findings/parsers/types.js';
import {
  parseTestReport,
  testFailureFindings,
  type TestReport,
  type TestReportFormat,
} from '../../src/findings/test-reports/index.js';
import type { Finding } from '../../src/findings/types.js';
import { PLAN_ANSWER_SCHEMA } from '../../src/plan/llm-planner.js';
import { parseConfigText } from '../../src/policy/parse-config.js';
import { ANALYZE_FORMATS, TEST_FORMATS, type KiloConfig } from '../../src/policy/schema.js';
import { isKiloError, type KiloError } from '../../src/util/errors.js';

const FULL = process.env.KILO_CHAOS === 'full';
const RUNS = FULL ? 10_000 : 250;
const TIMEOUT = FULL ? 600_000 : 30_000;

const tally = { targets: 0, cases: 0, unhandled: 0 };
/** Off once the running target failed: fast-check then only replays cases to shrink them. */
let counting = false;

function countUnhandled(): void {
  if (counting) tally.unhandled++;
}

afterAll(() => {
  process.stdout.write(
    `fuzz: ${tally.targets} targets, ${tally.cases} cases, ${tally.unhandled} unhandled\n`,
  );
});

/**
 * What is out of bounds in one case, as `what (value)`. A case makes one assertion, that the list is
 * empty: jest's expect costs ~0.1 ms a call, too much for every field of 10,000 cases.
 */
class Audit {
  readonly problems: string[] = [];

  /** Records `what` (with the value at fault, when given) unless `ok`. */
  want(ok: boolean, what: string, ...value: [unknown?]): void {
    if (!ok) this.problems.push(value.length > 0 ? `${what} (${preview(value[0])})` : what);
  }
}

function preview(value: unknown): string {
  const exact = (_key: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
  try {
    return (JSON.stringify(value, exact) ?? String(value)).slice(0, 160);
  } catch {
    return String(value).slice(0, 160);
  }
}

/** One target: RUNS cases of `input` through `check`, counted up to the first failure. */
function fuzz<T>(name: string, input: fc.Arbitrary<T>, check: (value: T, audit: Audit) => void): void {
  it(
    name,
    () => {
      tally.targets++;
      counting = true;
      fc.assert(
        fc.property(input, (value) => {
          if (counting) tally.cases++;
          try {
            const audit = new Audit();
            check(value, audit);
            expect(audit.problems).toEqual([]);
          } catch (error) {
            counting = false;
            throw error;
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: KiloError };

/** Runs the code under test: a KiloError is a clear answer where `mayThrow`; any other throw is unhandled. */
function outcome<T>(run: () => T, mayThrow: boolean): Outcome<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (mayThrow && isKiloError(error)) return { ok: false, error };
    countUnhandled();
    throw error;
  }
}

/** The result of code that promises never to throw. */
function noThrow<T>(run: () => T): T {
  const result = outcome(run, false);
  if (!result.ok) throw result.error;
  return result.value;
}

// ---------------------------------------------------------------------------------------------------
// Shared checks

const isString = (value: unknown): value is string => typeof value === 'string';
const isLine = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;
const isOneLine = (value: unknown) => isString(value) && value.trim() !== '' && !/[\r\n]/.test(value);

/** A repository-relative POSIX path inside the workspace: no leading `/`, no empty, `.` or `..` segment. */
const isRelativePath = (value: unknown) =>
  isString(value) &&
  !value.includes('\\') &&
  value.split('/').every((s) => s !== '' && s !== '.' && s !== '..');

function auditFindings(audit: Audit, findings: readonly Finding[], source: string): void {
  audit.want(Array.isArray(findings), 'findings is an array', findings);
  for (const f of findings) {
    audit.want(isLine(f.line), 'finding line is an integer ≥ 1', f.line);
    audit.want(f.endLine === undefined || (Number.isInteger(f.endLine) && f.endLine > f.line), 'endLine', f);
    audit.want(isRelativePath(f.path), 'finding path is relative, in the workspace', f.path);
    audit.want(['error', 'warning', 'notice'].includes(f.severity), 'severity', f.severity);
    audit.want(isString(f.message), 'message is a string', f.message);
    audit.want(isString(f.rule) && f.rule !== '', 'rule is named', f.rule);
    audit.want(f.source === source, 'source', f.source);
    audit.want(isString(f.fingerprint) && f.fingerprint !== '', 'fingerprint', f.fingerprint);
  }
}

/** A parser's error: one line, at most 200 characters (ParseResult and TestReport promise both). */
function auditParseError(audit: Audit, error: string | undefined): void {
  if (error !== undefined)
    audit.want(isOneLine(error) && error.length <= 200, 'error is one short line', error);
}

// ---------------------------------------------------------------------------------------------------
// Mutations

type Container = Record<string, unknown> | unknown[];
interface Slot {
  parent: Container;
  key: string | number;
}

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** Every (container, key) of a tree, depth first; shared and circular references are walked once. */
function slotsOf(root: unknown): Slot[] {
  const slots: Slot[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (!isContainer(node) || seen.has(node)) return;
    seen.add(node);
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((child, i) => [i, child])
      : Object.entries(node);
    for (const [key, child] of entries) {
      slots.push({ parent: node, key });
      walk(child);
    }
  };
  walk(root);
  return slots;
}

const valueAt = ({ parent, key }: Slot): unknown => (parent as Record<string | number, unknown>)[key];

/** A deep copy: generated values (the `[]` and `{}` constants above all) must not be shared or changed. */
function fresh(value: unknown): unknown {
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) return value.map(fresh);
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) put(copy, key, fresh(child));
  return copy;
}

/** An own property even for `__proto__`, as JSON.parse makes it. */
function put(parent: Container, key: string | number, value: unknown): void {
  Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
}

type EditOp = 'delete' | 'replace' | 'add' | 'share';
interface Edit {
  op: EditOp;
  pick: number;
  /** Pick among the slots whose key the code under test reads. */
  focus: boolean;
  key: string;
  value: unknown;
}

const oddValue = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom(null, '', ' ', 0, -1, 1.5, 2 ** 53, Number.MAX_VALUE, true, [], {}, 'a'.repeat(40)),
  fc.string({ maxLength: 12 }),
);

/**
 * A copy of `base` with the edits applied: a field deleted, replaced by a value of any type, a field
 * added, or (share) replaced by a reference to another node of the tree, which YAML writes as an alias.
 */
function edited<T>(base: T, edits: readonly Edit[], focusKeys: ReadonlySet<string>): T {
  const root = structuredClone(base);
  for (const edit of edits) {
    const all = slotsOf(root);
    const focused = edit.focus ? all.filter((s) => isString(s.key) && focusKeys.has(s.key)) : all;
    const slots = focused.length > 0 ? focused : all;
    const slot = slots[edit.pick % Math.max(1, slots.length)];
    if (slot === undefined) {
      if (edit.op === 'add' && isContainer(root)) put(root, edit.key, fresh(edit.value));
      continue;
    }
    const { parent, key } = slot;
    if (edit.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (edit.op === 'replace') {
      put(parent, key, fresh(edit.value));
    } else if (edit.op === 'add') {
      const current = valueAt(slot);
      const target = isContainer(current) ? current : parent;
      if (Array.isArray(target)) target.push(fresh(edit.value));
      else put(target, edit.key, fresh(edit.value));
    } else {
      const source = all[Math.floor(edit.pick / 7) % all.length];
      if (source) put(parent, key, valueAt(source));
    }
  }
  return root;
}

/** `base` with up to four edits, aimed half the time at `keys`. */
function mutatedTree<T>(
  base: fc.Arbitrary<T>,
  ops: readonly EditOp[],
  keys: readonly string[],
  value: fc.Arbitrary<unknown> = oddValue,
): fc.Arbitrary<T> {
  const edit = fc.record({
    op: fc.constantFrom(...ops),
    pick: fc.nat(),
    focus: fc.boolean(),
    key: fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })),
    value,
  });
  const focus = new Set(keys);
  return fc.tuple(base, fc.array(edit, { maxLength: 4 })).map(([tree, edits]) => edited(tree, edits, focus));
}

const BOUNDARY_NUMBERS = [...'0 -1 -0 0.5 1e308 1e-320 9007199254740993 NaN'.split(' '), '9'.repeat(400)];

/** The n-th `key: value` line's value (modulo their count) replaced, so `value` lands where one starts. */
function withValue(text: string, n: number, value: string): string {
  const lines = text.split('\n');
  const keyed = lines.flatMap((line, i) => (/^\s*(?:- )?"?[\w-]+"?:(?:\s|$)/.test(line) ? [i] : []));
  const i = keyed[n % Math.max(1, keyed.length)];
  if (i === undefined) return text;
  lines[i] = (lines[i] ?? '').replace(/^(\s*(?:- )?"?[\w-]+"?:).*$/, (_, key: string) => `${key} ${value}`);
  return lines.join('\n');
}

/**
 * Text edits: cut short, bytes or tokens spliced in, a slice duplicated, a line dropped or re-indented,
 * a value replaced by a token, a number by one at a bound.
 */
function damagedText(sample: string, tokens: readonly string[]): fc.Arbitrary<string> {
  const at = fc.nat({ max: sample.length });
  const insert = fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...tokens));
  const splice = fc.tuple(at, fc.nat({ max: 40 }), insert).map(
    ([start, length, text]) =>
      (s: string) =>
        s.slice(0, start) + text + s.slice(start + length),
  );
  const duplicate = fc.tuple(at, at, at).map(([a, b, c]) => (s: string) => {
    const [from, to] = a < b ? [a, b] : [b, a];
    return s.slice(0, c) + s.slice(from, to) + s.slice(c);
  });
  const relined = fc.tuple(fc.nat(), fc.constantFrom('drop', 'dup', 'indent', 'dedent')).map(([n, how]) => {
    return (s: string) => {
      const lines = s.split('\n');
      const i = n % lines.length;
      const line = lines[i] ?? '';
      if (how === 'drop') lines.splice(i, 1);
      else if (how === 'dup') lines.splice(i, 0, line);
      else lines[i] = how === 'indent' ? `  ${line}` : line.replace(/^\s{1,2}/, '');
      return lines.join('\n');
    };
  });
  const revalued = fc.tuple(fc.nat(), insert).map(
    ([n, token]) =>
      (s: string) =>
        withValue(s, n, token),
  );
  // A number (a line, a column, a duration) replaced by one at or past a bound.
  const renumbered = fc
    .tuple(fc.nat(), fc.constantFrom(...BOUNDARY_NUMBERS))
    .map(([n, number]) => (s: string) => {
      const numbers = [...s.matchAll(/\d+(?:\.\d+)?/g)];
      const match = numbers[n % Math.max(1, numbers.length)];
      if (match?.index === undefined) return s;
      return s.slice(0, match.index) + number + s.slice(match.index + match[0].length);
    });
  const edits = fc
    .array(fc.oneof(splice, duplicate, relined, revalued, renumbered), { minLength: 1, maxLength: 5 })
    .map((fns) => fns.reduce((text, fn) => fn(text), sample));
  return fc.oneof(
    at.map((end) => sample.slice(0, end)),
    edits,
  );
}

const arbitraryText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.json(),
);

// ---------------------------------------------------------------------------------------------------
// 1. Webhook payloads

/** Keys the event schemas read: edits aim at them half the time. */
const EVENT_KEYS = (
  'pull_request repository number title body draft user login author_association labels name base head ' +
  'sha ref repo full_name owner action issue comment id html_url type'
).split(' ');

const sha = fc.stringMatching(/^[0-9a-f]{40}$/);

const pullRequestPayload: fc.Arbitrary<Payload> = fc
  .record({
    number: fc.integer({ min: 1, max: 100_000 }),
    baseSha: sha,
    headSha: sha,
    action: fc.constantFrom('opened', 'synchronize', 'reopened', 'labeled', 'closed', 'ready_for_review'),
    draft: fc.boolean(),
    labels: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
    fork: fc.boolean(),
    body: fc.option(fc.string({ maxLength: 20 })),
  })
  .map(({ number, body, ...options }) => pullRequestPayloadIn('octo/shop', number, { ...options, body }));

const COMMENT_BODIES = [
  '/kilo review',
  '/kilo plan',
  '/kilo',
  '/KILO help',
  '/kilo apply',
  '/kilo apply all',
  '/kilo apply 1a2b3c4d, deadbeef00',
  '/kilo apply nope',
  '/kilo frobnicate `x`',
  '```\n/kilo review\n```',
  '> /kilo review',
  'LGTM\r\n/kilo review\r\nthanks',
];

const commentBody = fc.oneof(
  fc.constantFrom(...COMMENT_BODIES),
  fc.string(),
  fc
    .array(fc.oneof(fc.constantFrom(...COMMENT_BODIES, '~~~', '````', ''), fc.string({ maxLength: 20 })), {
      maxLength: 6,
    })
    .map((lines) => lines.join('\n')),
);

const commentPayload: fc.Arbitrary<Payload> = fc
  .record({
    number: fc.integer({ min: 1, max: 100_000 }),
    commentId: fc.integer({ min: 1, max: 2 ** 40 }),
    body: commentBody,
    login: fc.constantFrom('octocat', 'kilo-agent[bot]', ''),
    association: fc.constantFrom('OWNER', 'MEMBER', 'NONE'),
    action: fc.constantFrom('created' as const, 'edited' as const, 'deleted' as const),
    userType: fc.constantFrom('User' as const, 'Bot' as const),
    onPullRequest: fc.boolean(),
  })
  .map(({ number, ...options }) => issueCommentPayloadIn('octo/shop', number, options));

function eventInput(valid: fc.Arbitrary<Payload>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: mutatedTree(valid, ['delete', 'replace', 'add'], EVENT_KEYS) },
    { weight: 1, arbitrary: fc.anything() },
    { weight: 1, arbitrary: fc.jsonValue() },
  );
}

/** Our error, one line: `<what>: <where>: <why>`, `where` a path into the payload the schema reads. */
function auditEventError(audit: Audit, error: KiloError, what: string, roots: readonly string[]): void {
  const { code, message } = error;
  audit.want(code === 'EVENT_INVALID', 'error code', code);
  audit.want(isOneLine(message), 'error is one line', message);
  audit.want(message.startsWith(`${what}: `), 'error says what the payload is not', message);
  const [where = '', ...why] = message.slice(what.length + 2).split(': ');
  audit.want(why.join(': ').trim() !== '', 'error says why', message);
  const [root = '', ...rest] = where.split('.');
  const names =
    where === '(root)' || (roots.includes(root) && rest.every((p) => /^(?:[a-z_]+|\d+)$/.test(p)));
  audit.want(names, 'error names the field', message);
}

describe('webhook payloads', () => {
  fuzz(
    'parsePullRequestEvent reads the PR or names the field at fault',
    eventInput(pullRequestPayload),
    (payload, audit) => {
      const result = outcome(() => parsePullRequestEvent(payload), true);
      if (!result.ok) {
        const what = 'the event payload is not a pull request event';
        auditEventError(audit, result.error, what, ['pull_request', 'repository']);
        return;
      }
      const meta = result.value;
      audit.want(isLine(meta.number), 'number is an integer ≥ 1', meta.number);
      for (const side of [meta.base, meta.head]) {
        audit.want(/^[0-9a-f]{40}$/.test(side.sha), 'sha is 40 hex characters', side.sha);
        audit.want(isString(side.ref), 'ref', side.ref);
      }
      const texts = [meta.repo.owner, meta.repo.name, meta.title, meta.author, meta.association];
      audit.want(texts.every(isString), 'texts are strings', texts);
      audit.want(meta.body === undefined || (isString(meta.body) && meta.body !== ''), 'body', meta.body);
      audit.want(typeof meta.draft === 'boolean' && typeof meta.fork === 'boolean', 'flags', meta);
      audit.want(Array.isArray(meta.labels) && meta.labels.every(isString), 'labels', meta.labels);
    },
  );

  fuzz(
    'parseCommentEvent finds the command, ignores with a reason, or names the field at fault',
    eventInput(commentPayload),
    (payload, audit) => {
      const result = outcome(() => parseCommentEvent(payload), true);
      if (!result.ok) {
        const what = 'the event payload is not an issue_comment event';
        auditEventError(audit, result.error, what, ['action', 'issue', 'comment', 'repository']);
        return;
      }
      const event = result.value;
      if (event.kind === 'ignore') {
        audit.want(isString(event.reason) && event.reason !== '', 'ignored with a reason', event);
        return;
      }
      audit.want(event.kind === 'command', 'kind', event);
      audit.want(isLine(event.pullNumber), 'PR number', event.pullNumber);
      audit.want(isLine(event.comment.id), 'comment id', event.comment.id);
      audit.want(Number.isInteger(event.comment.userId), 'user id', event.comment.userId);
      const texts = [event.comment.login, event.comment.url, event.comment.association];
      audit.want(texts.every(isString), 'comment texts', texts);
      const { command } = event;
      audit.want(['review', 'plan', 'help', 'apply', 'unknown'].includes(command.name), 'command', command);
      if (command.name === 'apply') {
        const ids = command.ids;
        audit.want(
          ids.every((id) => /^[0-9a-f]{6,16}$/.test(id)) && new Set(ids).size === ids.length,
          'ids',
          ids,
        );
      }
      if (command.name === 'unknown') {
        audit.want(command.word.length <= 40, 'unknown word is clipped', command.word);
        audit.want(isOneLine(command.problem), 'problem is one line', command.problem);
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------------
// 2. Config files

const CONFIG_FILE = '.github/kilo.yml';
/** The documented example: the config users copy. */
const DOCUMENTED_CONFIG = /```yaml\n([\s\S]*?)```/.exec(
  readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8'),
)?.[1];
if (DOCUMENTED_CONFIG === undefined) throw new Error('docs/configuration.md has no ```yaml example');

const CONFIG_KEYS = (
  'version policy skip drafts labels authors forks protected-paths limits cpu-seconds memory-mb max-files ' +
  'large-file-kb concurrency budgets subtasks wall-seconds api-calls llm-tokens comments commands allow ' +
  'tasks analyze refactor test name run format paths timeout-seconds filter env report matcher ' +
  'validate-run llm review plan max-tokens retries instructions price input output'
).split(' ');

const configValue = fc.oneof(
  oddValue,
  fc.constantFrom<unknown>(
    ...ANALYZE_FORMATS,
    ...TEST_FORMATS,
    ...['pdf', 'npx jest --outputFile={report}', 'a | b', '../outside', '/abs/path', '**/*.{ts,tsx}'],
    ...['[unclosed', 'GITHUB_TOKEN', 'NPM_TOKEN', 'validate-suggestions', 'secrets', 'llm-review'],
    ...[64, 65, 3600, 3601, 1023, 1024, 'x'.repeat(8001), ['**/*.ts', '/abs'], { name: 'x', run: 'y' }],
    { name: 'x', run: 'y', format: 'problem-matcher', matcher: 'm.json' },
  ),
);

const YAML_TOKENS = [
  ...['&a ', '*a', '&b [1, 2]', '*b', '!!binary ', '!!set ', '!!timestamp ', '!custom ', '? ', '- ', ': '],
  ...['{', '}', '[', ']', '"', "'", '#', '|', '>-', '\n---\n', '\n...\n', '%YAML 1.1\n', '<<: ', '\t', '~'],
  ...['0x1F', '1e400', '.nan', '__proto__: '],
];

/**
 * YAML's own features as values: anchors and aliases (after their anchor, before it, to none, 101 of
 * them), tags, flow collections, block scalars, YAML 1.1 spellings.
 */
const YAML_VALUES = [
  ...['&a 300', '&a [1, 2]', '&a {}', '*a', '*b', `[${Array.from({ length: 101 }, () => '*a').join(', ')}]`],
  ...['!!str 5', '!!int "5"', '!!float 1', '!!binary aGk=', '!!set {a}', '!!omap [a: 1]', '!local x'],
  ...['{a: 1}', '[]', '~', '|-\n      text', '>\n      folded', '"\\u0000"', "'quoted'", '? a'],
  ...['0o17', '0x1F', '1_000', '.inf', '.nan', 'yes', '2001-12-14', '1e400'],
];
const withYamlFeatures = fc
  .array(fc.tuple(fc.nat(), fc.constantFrom(...YAML_VALUES)), { minLength: 1, maxLength: 3 })
  .map((edits) => edits.reduce((text, [n, value]) => withValue(text, n, value), DOCUMENTED_CONFIG));

/** YAML text of a value; shared references come out as anchors and aliases. */
const yamlOf = (value: unknown): string => stringifyYaml(value) ?? '';

const configText = fc.oneof(
  { weight: 1, arbitrary: arbitraryText },
  { weight: 1, arbitrary: fc.oneof(fc.anything(), fc.object(), fc.jsonValue()).map(yamlOf) },
  {
    weight: 3,
    arbitrary: mutatedTree(
      fc.constant(parseYaml(DOCUMENTED_CONFIG) as unknown),
      ['delete', 'replace', 'add', 'share'],
      CONFIG_KEYS,
      configValue,
    ).map(yamlOf),
  },
  { weight: 3, arbitrary: damagedText(DOCUMENTED_CONFIG, YAML_TOKENS) },
  { weight: 3, arbitrary: withYamlFeatures },
);

function auditConfig(audit: Audit, config: KiloConfig): void {
  const { policy, tasks, llm } = config;
  const { budgets } = policy;
  const within = (value: unknown, what: string, min: number, max = Infinity) =>
    audit.want(Number.isInteger(value) && (value as number) >= min && (value as number) <= max, what, value);
  audit.want(config.version === 1, 'version', config.version);
  within(policy.concurrency, 'concurrency', 1, 64);
  within(policy['max-files'], 'max-files', 1);
  within(policy['large-file-kb'], 'large-file-kb', 1);
  within(budgets.subtasks, 'budgets.subtasks', 1);
  within(budgets['wall-seconds'], 'budgets.wall-seconds', 1);
  within(budgets['api-calls'], 'budgets.api-calls', 1);
  within(budgets['llm-tokens'], 'budgets.llm-tokens', 0);
  within(budgets.comments, 'budgets.comments', 0);
  within(llm['max-tokens'], 'llm.max-tokens', 1);
  within(llm['timeout-seconds'], 'llm.timeout-seconds', 1, 600);
  within(llm.retries, 'llm.retries', 0, 5);
  audit.want(['report-only', 'skip', 'full'].includes(policy.forks), 'forks', policy.forks);
  const lists = [policy.skip.labels, policy.skip.authors, policy.commands.allow, policy['protected-paths']];
  for (const list of lists)
    audit.want(
      list.every((item) => item.trim() !== ''),
      'lists hold non-blank text',
      list,
    );
  for (const glob of policy['protected-paths'])
    audit.want(!glob.startsWith('/') && !/(^|\/)\.\.(\/|$)/.test(glob), 'protected path is relative', glob);
  audit.want((llm.instructions ?? '').length <= 8000, 'instructions ≤ 8000 chars');
  for (const task of [...tasks.analyze, ...tasks.refactor, ...tasks.test]) {
    audit.want(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(task.name), 'task name', task.name);
    audit.want(task.run.trim() !== '', 'task run', task.run);
    within(task['timeout-seconds'], 'task timeout-seconds', 1, 3600);
    audit.want(Array.isArray(task.env), 'task env', task.env);
  }
  for (const task of tasks.analyze) {
    audit.want(ANALYZE_FORMATS.includes(task.format), 'analyze format', task.format);
    audit.want((task.format === 'problem-matcher') === (task.matcher !== undefined), 'matcher', task);
  }
  for (const task of tasks.test) audit.want(TEST_FORMATS.includes(task.format), 'test format', task.format);
}

describe('config files', () => {
  fuzz(
    'parseConfigText returns a config within bounds or an error that names the file',
    configText,
    (text, audit) => {
      const result = outcome(() => parseConfigText(text, CONFIG_FILE), true);
      if (result.ok) {
        auditConfig(audit, result.value);
        return;
      }
      const { code, message } = result.error;
      audit.want(code === 'CONFIG_INVALID', 'error code', code);
      // `.github/kilo.yml:12 tasks.analyze[1].run: required`, one line per problem.
      audit.want(
        message.startsWith(`${CONFIG_FILE}:`) || message.startsWith(`${CONFIG_FILE} `),
        'names the file',
        message,
      );
    },
  );
});

// ---------------------------------------------------------------------------------------------------
// 3. Unified diffs

const LONG_LINE = 'x'.repeat(100_000);

const diffPath = fc.oneof(
  fc.constantFrom(
    'src/a.ts',
    'README.md',
    'dir with space/file name.txt',
    'déjà vu/ünï.md',
    '日本語/ファイル.ts',
    'a/b/c.ts',
    'b/a.ts',
    'tab\there.txt',
    'quote"d.txt',
    'back\\slash.txt',
    ' b/odd',
  ),
  fc.stringMatching(/^[a-z0-9_.-]{1,8}(?:\/[a-z0-9_.-]{1,8}){0,2}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
);

const needsQuotes = (path: string) =>
  [...path].some((char) => char < ' ' || char === '"' || char === '\\' || char === '\x7f');

/** Git's C-style quoting: `"`, `\`, control characters and every non-ASCII byte escaped. */
function cQuote(path: string): string {
  let out = '';
  for (const byte of Buffer.from(path, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += char;
  }
  return `"${out}"`;
}

const bodyLine = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(fc.constantFrom('+', '-', ' '), fc.string({ maxLength: 12 })).map(([p, s]) => p + s),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '\\ No newline at end of file', '+', '-', ' ') },
  { weight: 1, arbitrary: fc.constantFrom('+', '-', ' ', '').map((p) => p + LONG_LINE) },
);

const lineCount = fc.integer({ min: 0, max: 9 });
const hunk = fc
  .record({
    oldStart: lineCount,
    newStart: lineCount,
    lines: fc.array(bodyLine, { maxLength: 10 }),
    // exact counts, counts left out (meaning 1), or wrong ones
    counts: fc.oneof(
      fc.constant('exact' as const),
      fc.constant('omitted' as const),
      fc.tuple(lineCount, lineCount),
    ),
    section: fc.constantFrom('', ' function f() {', ' @@ x'),
  })
  .map(({ oldStart, newStart, lines, counts, section }) => {
    const exact = [
      lines.filter((l) => !l.startsWith('+') && !l.startsWith('\\')).length,
      lines.filter((l) => !l.startsWith('-') && !l.startsWith('\\')).length,
    ];
    const [oldCount, newCount] = counts === 'exact' ? exact : counts === 'omitted' ? [] : counts;
    const range = (start: number, n: number | undefined) => (n === undefined ? `${start}` : `${start},${n}`);
    return [`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@${section}`, ...lines];
  });

const FILE_KINDS = 'modify add delete rename copy binary binary-patch mode plain'.split(' ');
const fileSection = fc
  .record({
    from: diffPath,
    to: diffPath,
    quoted: fc.boolean(),
    kind: fc.constantFrom(...FILE_KINDS),
    timestamp: fc.boolean(),
    hunks: fc.array(hunk, { maxLength: 3 }),
  })
  .map(({ from, to, quoted, kind, timestamp, hunks }) => {
    // Git always quotes a path with a control character, `"` or `\`; others only with core.quotePath.
    const q = (path: string) => (quoted || needsQuotes(path) ? cQuote(path) : path);
    const a = q(`a/${from}`);
    const b = q(`b/${kind === 'modify' || kind === 'mode' ? from : to}`);
    const stamp = timestamp ? '\t2024-01-02 03:04:05.000000000 +0000' : '';
    const lines = kind === 'plain' ? [] : [`diff --git ${a} ${b}`];
    if (kind === 'add') lines.push('new file mode 100644');
    if (kind === 'delete') lines.push('deleted file mode 100644');
    if (kind === 'mode') lines.push('old mode 100644', 'new mode 100755');
    if (kind === 'rename') lines.push('similarity index 90%', `rename from ${q(from)}`, `rename to ${q(to)}`);
    if (kind === 'copy') lines.push('similarity index 90%', `copy from ${q(from)}`, `copy to ${q(to)}`);
    lines.push('index 1111111..2222222 100644');
    if (kind === 'binary') return [...lines, `Binary files ${a} and ${b} differ`];
    if (kind === 'binary-patch')
      return [...lines, 'GIT binary patch', 'literal 5', 'McmZ?wbhEHb00', '', 'literal 0'];
    lines.push(kind === 'add' ? '--- /dev/null' : `--- ${a}${stamp}`);
    lines.push(kind === 'delete' ? '+++ /dev/null' : `+++ ${b}${stamp}`);
    return [...lines, ...hunks.flat()];
  });

const strayLine = fc.oneof(
  fc.constantFrom(
    'diff --git ',
    'diff --git "a/\\',
    '--- ',
    '+++ ',
    '@@ -1 +1 @@',
    '@@ -99999999999,1 +0 @@',
    `@@ -1 +${'9'.repeat(400)} @@`,
    'rename to "\\3',
    'copy from "',
    'new file mode',
    'deleted file mode',
    'GIT binary patch',
    'Binary files  differ',
  ),
  fc.string({ maxLength: 20 }),
);

/** Diff text, and whether every header in it names a path (then no file may have an empty one). */
const diffText: fc.Arbitrary<{ text: string; named: boolean }> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(fileSection, { maxLength: 4 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
      .map(([sections, eol, finalEol]) => ({
        text: sections.flat().join(eol) + (finalEol ? eol : ''),
        named: true,
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.array(fileSection, { maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), strayLine), { maxLength: 3 }),
      )
      .map(([sections, strays]) => {
        const lines = sections.flat();
        for (const [at, line] of strays) lines.splice(at % (lines.length + 1), 0, line);
        return { text: lines.join('\n'), named: false };
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(
        fc.oneof(
          strayLine,
          bodyLine,
          fileSection.map((l) => l.join('\n')),
        ),
        { maxLength: 30 },
      )
      .map((lines) => ({ text: lines.join('\n'), named: false })),
  },
  { weight: 1, arbitrary: arbitraryText.map((text) => ({ text, named: false })) },
);

function auditDiffFile(audit: Audit, file: ChangedFile, named: boolean): void {
  audit.want(isString(file.path) && (file.path !== '' || !named), 'path is a non-empty string', file.path);
  audit.want(
    ['added', 'modified', 'removed', 'renamed', 'copied'].includes(file.status),
    'status',
    file.status,
  );
  audit.want(typeof file.binary === 'boolean', 'binary', file.binary);
  const moved = file.status === 'renamed' || file.status === 'copied';
  audit.want(moved === isString(file.previousPath), 'previousPath exactly when renamed or copied', file);
  let additions = 0;
  let deletions = 0;
  for (const h of file.hunks) {
    audit.want(h.header.startsWith('@@ -') && !h.header.includes('\n'), 'hunk header', h.header);
    const counts = [h.oldStart, h.oldLines, h.newStart, h.newLines];
    audit.want(
      counts.every((n) => Number.isInteger(n) && n >= 0),
      'hunk counts are integers ≥ 0',
      counts,
    );
    // Each side's lines are numbered on from the hunk's start, one by one.
    let oldNext = h.oldStart;
    let newNext = h.newStart;
    for (const line of h.lines) {
      audit.want(['add', 'del', 'context'].includes(line.type), 'line type', line.type);
      audit.want(!line.content.includes('\n'), 'content is one line');
      if (line.type === 'add') additions++;
      if (line.type === 'del') deletions++;
      audit.want(line.oldLine === (line.type === 'add' ? undefined : oldNext++), 'old line number', line);
      audit.want(line.newLine === (line.type === 'del' ? undefined : newNext++), 'new line number', line);
    }
  }
  audit.want(
    file.additions === additions && file.deletions === deletions,
    'counts match the lines',
    file.path,
  );
}

describe('unified diffs', () => {
  fuzz(
    'parseUnifiedDiff numbers every hunk line consistently, whatever the text',
    diffText,
    ({ text, named }, audit) => {
      const files = noThrow(() => parseUnifiedDiff(text));
      audit.want(Array.isArray(files), 'an array', files);
      for (const file of files) auditDiffFile(audit, file, named);
    },
  );
});

// ---------------------------------------------------------------------------------------------------
// 4. Tool outputs and test reports

const WORKSPACE = '/home/runner/work/demo/demo';
const parseOptions: ParseOptions = {
  workspace: WORKSPACE,
  source: 'lint',
  lineContent: (_path, line) => (line % 3 === 0 ? undefined : `line ${line}`),
};

const toolFixture = (name: string) =>
  readFileSync(new URL(`../../__fixtures__/tools/${name}`, import.meta.url), 'utf8');
const reportFixture = (name: string) =>
  readFileSync(new URL(`../../__fixtures__/test-reports/${name}`, import.meta.url), 'utf8');

function matcherParser(file: string): FindingParser {
  const compiled = compileProblemMatchers(toolFixture(file));
  if (!compiled.ok) throw new Error(compiled.error);
  return createProblemMatcherParser(compiled.matchers);
}

const OUTPUT_TOKENS = [
  ...['<', '>', '/>', '"', '&', '&amp;lt;', '&#0;', '&#x110000;', '&custom;', ']]>', '<![CDATA[', '<!--'],
  '<!DOCTYPE x [<!ENTITY e "x">]>',
  ...['\n', '\r\n', '{', '}', '[', ']', ',', ':', 'null', '-1', '0', '1e308', '9'.repeat(30)],
  ...['\u001b[31m', '\\', '../', '/etc/passwd', 'file:///', 'file://host/x', '%2e%2e/', '%E0%A4%A'],
  'C:\\x\\y.ts',
  'src/a.ts(1,1): error TS1005: x',
  'src/a.ts(0,0): error TS1: x',
  '  12:5  error  Unexpected x  no-x',
  ...['not ok 1 - x', 'ok 2 # SKIP', '1..3', '  ---', '  ...', 'Bail out!', '# Subtest: x'],
  ...['"line": -1', '"startLine": 0', '"time": "1e305"', '"duration": 1e305'],
];

/** A JSON fixture also edited as a tree: a field deleted, retyped or added deep inside. */
function jsonTreeEdits(sample: string): Array<fc.Arbitrary<string>> {
  let tree: unknown;
  try {
    tree = JSON.parse(sample);
  } catch {
    return [];
  }
  const keys = [...new Set(slotsOf(tree).flatMap((slot) => (isString(slot.key) ? [slot.key] : [])))];
  return [
    mutatedTree(fc.constant(tree), ['delete', 'replace', 'add'], keys).map((t) => JSON.stringify(t) ?? ''),
  ];
}

function outputsFrom(samples: readonly string[]): fc.Arbitrary<string> {
  const damaged = samples.flatMap((sample) => [damagedText(sample, OUTPUT_TOKENS), ...jsonTreeEdits(sample)]);
  return fc.oneof({ weight: 1, arbitrary: arbitraryText }, { weight: 3, arbitrary: fc.oneof(...damaged) });
}

const FINDING_PARSERS: Array<{ name: string; parse: FindingParser; samples: string[] }> = [
  { name: 'checkstyle', parse: parseCheckstyle, samples: [toolFixture('eslint-checkstyle.xml')] },
  { name: 'eslint-json', parse: parseEslintJson, samples: [toolFixture('eslint.json')] },
  { name: 'rdjson', parse: parseRdjson, samples: [toolFixture('reviewdog.rdjson')] },
  { name: 'rdjsonl', parse: parseRdjsonl, samples: [toolFixture('reviewdog.rdjsonl')] },
  { name: 'sarif', parse: parseSarif, samples: [toolFixture('eslint.sarif'), toolFixture('uri-base.sarif')] },
  { name: 'tsc', parse: parseTsc, samples: [toolFixture('tsc.txt'), toolFixture('tsc-config-error.txt')] },
  {
    name: 'gnu',
    parse: parseGnu,
    samples: ['flake8.txt', 'go-vet.txt', 'shellcheck-gcc.txt'].map(toolFixture),
  },
  { name: 'clippy-json', parse: parseClippyJson, samples: [toolFixture('clippy.jsonl')] },
  {
    name: 'problem-matcher (eslint-stylish, multi-line loop)',
    parse: matcherParser('matchers/eslint-stylish.json'),
    samples: [toolFixture('eslint-stylish.txt'), toolFixture('eslint-stylish-color.txt')],
  },
  {
    name: 'problem-matcher (tsc)',
    parse: matcherParser('matchers/tsc.json'),
    samples: [toolFixture('tsc.txt')],
  },
];

const REPORT_FIXTURES: Record<TestReportFormat, string[]> = {
  junit: ['node-test-junit.xml', 'pytest-junit.xml', 'surefire-junit.xml', 'jest-junit.xml'].map(
    reportFixture,
  ),
  tap: ['node-test.tap', 'tap14-nested.tap'].map(reportFixture),
  'jest-json': ['jest.json', 'jest-npm.txt'].map(reportFixture),
  'go-test-json': ['go-test.jsonl', 'go-test-build-failure.jsonl'].map(reportFixture),
  'cargo-test': ['cargo-test.txt', 'cargo-test-build-failure.txt'].map(reportFixture),
};

function auditReport(audit: Audit, report: TestReport): void {
  audit.want(Array.isArray(report.tests), 'tests is an array', report.tests);
  auditParseError(audit, report.error);
  for (const test of report.tests) {
    audit.want(['passed', 'failed', 'skipped'].includes(test.status), 'status', test.status);
    audit.want(isString(test.name), 'name', test.name);
    audit.want(test.suite === undefined || isString(test.suite), 'suite', test.suite);
    audit.want(
      test.file === undefined || isRelativePath(test.file),
      'file is relative, in the workspace',
      test.file,
    );
    audit.want(test.line === undefined || isLine(test.line), 'line is an integer ≥ 1', test.line);
    audit.want((test.message ?? '').length <= 500, 'message ≤ 500 chars');
    audit.want((test.stack ?? '').length <= 4000, 'stack ≤ 4000 chars');
    const ms = test.durationMs;
    audit.want(ms === undefined || (Number.isFinite(ms) && ms >= 0), 'duration is finite, ≥ 0', ms);
  }
}

describe('tool outputs', () => {
  describe.each(FINDING_PARSERS)('$name', ({ parse, samples }) => {
    fuzz(
      'returns well-formed findings or a one-line error, never throws',
      outputsFrom(samples),
      (text, audit) => {
        const result = noThrow(() => parse(text, parseOptions));
        auditParseError(audit, result.error);
        auditFindings(audit, result.findings, parseOptions.source);
      },
    );
  });

  describe.each(Object.keys(REPORT_FIXTURES) as TestReportFormat[])('test report %s', (format) => {
    const input = outputsFrom(REPORT_FIXTURES[format]);
    fuzz('reads tests within bounds or gives a one-line error, never throws', input, (text, audit) => {
      const report = noThrow(() => parseTestReport(format, text, { workspace: WORKSPACE }));
      // readSafely turns a throw inside the parser into this error: a last resort the fuzz must not reach.
      if (report.error?.includes('could not be read')) {
        countUnhandled();
        throw new Error(`the ${format} parser threw: ${report.error}`);
      }
      auditReport(audit, report);
      const options = { ...parseOptions, source: 'tests' };
      auditFindings(
        audit,
        noThrow(() => testFailureFindings(report, options)),
        'tests',
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// 5. LLM answers

// Head lines: src/app.ts 10-13 and 31-33, the workflow 1-2 (added); src/gone.ts is removed, and
// docs/other.md is in the diff but not among this subtask's files.
const REVIEW_DIFF = [
  'diff --git a/src/app.ts b/src/app.ts',
  '--- a/src/app.ts',
  '+++ b/src/app.ts',
  '@@ -10,3 +10,4 @@ function f() {',
  '   const a = 1;',
  '-  const b = 2;',
  '+  const b = 3;',
  '+  const c = b;',
  '   return a + b;',
  '@@ -30,2 +31,3 @@',
  ' x',
  '+y',
  ' z',
  'diff --git a/.github/workflows/ci.yml b/.github/workflows/ci.yml',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/.github/workflows/ci.yml',
  '@@ -0,0 +1,2 @@',
  '+on: push',
  '+jobs: {}',
  'diff --git a/src/gone.ts b/src/gone.ts',
  'deleted file mode 100644',
  '--- a/src/gone.ts',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-gone',
  'diff --git a/docs/other.md b/docs/other.md',
  '--- a/docs/other.md',
  '+++ b/docs/other.md',
  '@@ -1 +1 @@',
  '-old',
  '+new',
  '',
].join('\n');
const reviewContext = makeContext(REVIEW_DIFF);
const REVIEW_FILES = ['src/app.ts', '.github/workflows/ci.yml', 'src/gone.ts'];
const REVIEW_KEYS = ['findings', 'path', 'line', 'endLine', 'severity', 'message', 'replacement'];
/** The policy's write gate: workflows may be commented on, never changed. */
const canSuggest = (path: string) => !path.startsWith('.github/');

/** Longer than the 1000-character cap, with a surrogate pair across the cut. */
const LONG_MESSAGE = `${'m'.repeat(998)}😀 and more`;

const reviewItem = fc.record({
  path: fc.constantFrom(...REVIEW_FILES, 'docs/other.md', 'elsewhere.ts', '', './src/app.ts', '/src/app.ts'),
  line: fc.integer({ min: 0, max: 36 }),
  endLine: fc.option(fc.integer({ min: 0, max: 36 })),
  severity: fc.constantFrom('error', 'warning', 'notice'),
  message: fc.oneof(fc.string(), fc.constantFrom('  ', 'Use const.', LONG_MESSAGE)),
  replacement: fc.option(
    fc.oneof(fc.string(), fc.constantFrom('  const b = 3;', '  const b = 3;\n  const c = b;\n', 'y', '')),
  ),
});
const reviewAnswer = fc.record({ findings: fc.array(reviewItem, { maxLength: 6 }) });

const PLAN_TASKS = [
  'analyze:eslint',
  'analyze:typecheck',
  'refactor:prettier',
  'test:unit',
  'analyze:llm-review',
];
const planAnswer = fc.record({
  order: fc.array(fc.oneof(fc.constantFrom(...PLAN_TASKS), fc.string({ maxLength: 10 })), { maxLength: 6 }),
  skip: fc.array(fc.record({ task: fc.constantFrom(...PLAN_TASKS), reason: fc.string({ maxLength: 20 }) }), {
    maxLength: 3,
  }),
  rationale: fc.string({ maxLength: 40 }),
});

/** What a provider hands the schema: JSON text parsed (the AI SDK's path), or any value at all. */
function answerInput(valid: fc.Arbitrary<unknown>, keys: readonly string[]): fc.Arbitrary<unknown> {
  const mutated = mutatedTree(valid, ['delete', 'replace', 'add'], keys);
  return fc.oneof(
    { weight: 4, arbitrary: mutated },
    { weight: 1, arbitrary: mutated.map((value) => JSON.parse(JSON.stringify(value) ?? 'null') as unknown) },
    { weight: 1, arbitrary: fc.json().map((text) => JSON.parse(text) as unknown) },
    { weight: 1, arbitrary: fc.anything() },
  );
}

describe('LLM answers', () => {
  fuzz(
    'the review answer keeps well-formed items, and validation only commentable lines',
    answerInput(reviewAnswer, REVIEW_KEYS),
    (value, audit) => {
      const check = noThrow(() => reviewAnswerSchema.parse(value));
      if (!check.ok) {
        audit.want(isOneLine(check.error), 'rejected with a one-line reason', check.error);
        return;
      }
      const answer = check.value;
      const raw = (value as { findings: unknown[] }).findings;
      audit.want(
        answer.findings.length + answer.malformed === raw.length,
        'every item kept or counted malformed',
      );
      for (const item of answer.findings) {
        audit.want(isString(item.path) && isString(item.message), 'path and message are strings', item);
        audit.want(isLine(item.line), 'line is an integer ≥ 1', item.line);
        audit.want(
          item.endLine === undefined || (isLine(item.endLine) && item.endLine >= item.line),
          'endLine',
          item,
        );
        audit.want(['error', 'warning', 'notice'].includes(item.severity), 'severity', item.severity);
        audit.want(
          item.replacement === undefined || isString(item.replacement),
          'replacement',
          item.replacement,
        );
      }

      const review = noThrow(() => validateFindings(answer, reviewContext, REVIEW_FILES, { canSuggest }));
      const commentable = (path: string, start: number, end: number) =>
        REVIEW_FILES.includes(path) && reviewContext.diffIndex.isCommentableRange(path, start, end, 'RIGHT');
      for (const f of review.findings) {
        audit.want(commentable(f.path, f.line, f.endLine ?? f.line), 'finding on commentable lines', f);
        audit.want(f.severity !== 'error', 'an LLM finding is at most a warning', f.severity);
        audit.want(
          f.message.trim() !== '' && f.message.length <= 1000,
          'message non-blank, ≤ 1000 chars',
          f.message,
        );
      }
      for (const s of review.suggestions) {
        audit.want(commentable(s.path, s.startLine, s.endLine), 'suggestion on commentable lines', s);
        audit.want(canSuggest(s.path), 'no suggestion on a protected path', s.path);
        audit.want(!s.replacement.endsWith('\n'), 'replacement has no trailing newline', s.replacement);
        audit.want((s.message ?? '').length <= 1000, 'suggestion message ≤ 1000 chars');
      }
      const { outsideDiff, malformed, noop } = review.dropped;
      const empty = malformed - answer.malformed;
      const accounted = review.findings.length + review.suggestions.length + outsideDiff + empty;
      audit.want(
        empty >= 0 && accounted <= answer.findings.length,
        'kept and dropped add up',
        review.dropped,
      );
      audit.want(noop + review.withheld <= answer.findings.length, 'noop and withheld add up', review);
    },
  );

  fuzz(
    'the plan answer is accepted exactly as the schema says, or rejected with a reason',
    answerInput(planAnswer, ['order', 'skip', 'task', 'reason', 'rationale']),
    (value, audit) => {
      const check = noThrow(() => PLAN_ANSWER_SCHEMA.parse(value));
      if (!check.ok) {
        audit.want(isString(check.error) && check.error.trim() !== '', 'rejected with a reason', check.error);
        return;
      }
      const plan = check.value;
      audit.want(Object.keys(plan).sort().join() === 'order,rationale,skip', 'exactly the three keys', plan);
      audit.want(Array.isArray(plan.order) && plan.order.every(isString), 'order is task keys', plan.order);
      audit.want(isString(plan.rationale), 'rationale', plan.rationale);
      audit.want(Array.isArray(plan.skip), 'skip is an array', plan.skip);
      for (const skip of plan.skip)
        audit.want(
          Object.keys(skip).sort().join() === 'reason,task' && isString(skip.task) && isString(skip.reason),
          'skip entry',
          skip,
        );
    },
  );
});
