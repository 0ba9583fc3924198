// run(): unknown tools and malformed arguments as readable errors, redaction of every result, the
// review's byte budget, and no call that throws.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BUDGET_SPENT, createReviewTools } from '../../../src/llm/tools/review-tools.js';
import { REVIEW_TOOL_NAMES, reviewToolSchemas } from '../../../src/llm/tools/schemas.js';
import { PLANTED_KEY, failed, ok, redactKey, setupTools, type ToolsSetup } from './tools-fixtures.js';

let setup: ToolsSetup;
beforeAll(() => {
  setup = setupTools();
});
afterAll(() => setup.repo.remove());

describe('run', () => {
  it('answers an unknown tool with the names of the three', async () => {
    expect(await setup.tools.run('cat', { path: 'x' })).toEqual(
      failed("unknown tool 'cat': the tools are read_file, search, list_files"),
    );
  });

  it.each([
    [
      'read_file',
      { path: 1 },
      'read_file: invalid arguments: path: Invalid input: expected string, received number',
    ],
    [
      'read_file',
      { path: 'a', start_line: 1.5 },
      'read_file: invalid arguments: start_line: Invalid input: expected int, received number',
    ],
    [
      'read_file',
      { path: 'a', lines: 3 },
      'read_file: invalid arguments: (arguments): Unrecognized key: "lines"',
    ],
    ['search', null, 'search: invalid arguments: (arguments): Invalid input: expected object, received null'],
    [
      'list_files',
      { path: 'src', depth: 2 },
      'list_files: invalid arguments: (arguments): Unrecognized key: "depth"',
    ],
  ])('answers malformed %s arguments %j with what is wrong', async (name, args, error) => {
    expect(await setup.tools.run(name, args)).toEqual(failed(error));
  });

  it('redacts every result: file lines, search hits and errors', async () => {
    expect(await setup.tools.run('read_file', { path: 'src/keys.ts' })).toEqual(
      ok("1: export const key = '[KEY]';"),
    );
    expect(await setup.tools.run('search', { pattern: 'AKIA' })).toEqual(
      ok("src/keys.ts:1: export const key = '[KEY]';"),
    );
    expect(await setup.tools.run('read_file', { path: `${PLANTED_KEY}.txt` })).toEqual(
      failed('[KEY].txt does not exist'),
    );
  });

  it('turns a failure inside a tool into an error result', async () => {
    const tools = createReviewTools({
      checkout: setup.repo.dir,
      decide: () => {
        throw new Error('policy unavailable');
      },
      redact: redactKey,
      budget: { remaining: 100 },
    });
    expect(await tools.run('list_files', {})).toEqual(failed('list_files failed: policy unavailable'));
  });

  it('names the three tools and has a strict schema for each', () => {
    expect(REVIEW_TOOL_NAMES).toEqual(['read_file', 'search', 'list_files']);
    expect(Object.keys(reviewToolSchemas)).toEqual([...REVIEW_TOOL_NAMES]);
    expect(reviewToolSchemas.read_file.safeParse({ path: 'a', start_line: 2, end_line: 3 }).success).toBe(
      true,
    );
    expect(reviewToolSchemas.search.safeParse({ pattern: 'x', path_glob: 'src/**' }).success).toBe(true);
    expect(reviewToolSchemas.list_files.safeParse({}).success).toBe(true);
  });
});

describe('the review budget', () => {
  it('charges results, cuts the call that would exceed it, then refuses every call', async () => {
    const { tools, budget, repo } = setupTools({ budget: 30 });
    try {
      expect(await tools.run('read_file', { path: 'src/a.ts' })).toEqual(ok('1: one\n2: two\n3: three'));
      expect(budget.remaining).toBe(8);
      // Errors are not charged.
      expect(await tools.run('read_file', { path: '.env' })).toMatchObject({ ok: false });
      expect(budget.remaining).toBe(8);
      expect(await tools.run('read_file', { path: 'src/a.ts' })).toEqual(
        ok('1: one\n… (cut at 8 bytes; ask for start_line 2)'),
      );
      expect(budget.remaining).toBe(0);
      for (const [name, args] of [
        ['read_file', { path: 'src/a.ts' }],
        ['search', { pattern: 'x' }],
        ['list_files', {}],
        ['cat', {}],
      ] as const) {
        expect(await tools.run(name, args)).toEqual(failed(BUDGET_SPENT));
      }
      expect(BUDGET_SPENT).toBe('tool result budget for this review is spent');
    } finally {
      repo.remove();
    }
  });
});
