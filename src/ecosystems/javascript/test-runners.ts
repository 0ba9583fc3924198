// Test scripts whose runner we run directly with a reporter we read, so that each failing test is named
// and becomes a finding on its line: one plain command of jest, vitest, mocha, ava or node --test that
// picks no reporter and no watch mode of its own. Anything else runs as the script, judged by its exit
// code: pipelines and other runners. ava's TAP names the failing test but locates the failure inside
// ava itself: its tests are named, not placed on a line.
import type { TestTaskInput } from '../types.js';

/** A script we may run its tool directly for: one program with plain arguments, no shell syntax. */
export const PLAIN_SCRIPT = /^[\w@./:=+-]+(?: +[\w@./:=+,*-]+)*$/;

// vitest's commands other than `run` (and its default, watch mode, which we turn into `run`).
const VITEST_COMMANDS = new Set(['watch', 'dev', 'bench', 'related', 'list', 'init', 'typecheck']);
const VITEST_OWN_OUTPUT = /^(?:--reporter|--outputFile|--watch|-w)(?:[=.]|$)/;
const MOCHA_OWN_OUTPUT = /^(?:--reporter|--reporter-options?|-R|-O|--watch|-w)(?:=|$)/;
const AVA_OWN_OUTPUT = /^(?:--tap|-t|--watch|-w|--verbose|-v)(?:=|$)/;

export interface DirectTestRun {
  /** As the note names it: `jest`, `vitest`, `node --test`. */
  runner: string;
  /** Its program in node_modules/.bin; undefined for node --test, which is Node itself. */
  bin: string | undefined;
  format: NonNullable<TestTaskInput['format']>;
  /** What the note says the reporter gives. */
  results: string;
  /** The run line, given the program (the bin's path relative to the package, or `node`). */
  run(program: string): string;
}

/** How to run the test script's runner directly, or undefined when it must run as the script. */
export function directTestRun(script: string): DirectTestRun | undefined {
  if (!PLAIN_SCRIPT.test(script)) return undefined;
  const [program, ...args] = script.split(/ +/);
  if (program === 'jest') return jest(args);
  if (program === 'vitest') return vitest(args);
  if (program === 'mocha') return mocha(args);
  if (program === 'ava') return ava(args);
  if (program === 'node') return nodeTest(args);
  return undefined;
}

function jest(args: string[]): DirectTestRun {
  return {
    runner: 'jest',
    bin: 'jest',
    format: 'jest-json',
    results: 'per-test results',
    run: (bin) => [bin, ...args, '--json', '--outputFile={report}'].join(' '),
  };
}

/**
 * vitest's JSON reporter writes jest's --json shape (file, ancestor titles, status, failure stack), which
 * locates failures better than its JUnit (whose `❯ file:line` frames no reader takes). Bare `vitest` is
 * watch mode outside CI: always `run`.
 */
function vitest(args: string[]): DirectTestRun | undefined {
  const rest = args[0] === 'run' ? args.slice(1) : args;
  if (VITEST_COMMANDS.has(rest[0] ?? '') || rest.some((arg) => VITEST_OWN_OUTPUT.test(arg))) return undefined;
  const kept = rest.filter((arg) => arg !== '--run');
  return {
    runner: 'vitest',
    bin: 'vitest',
    format: 'jest-json',
    results: 'JSON per-test results',
    run: (bin) => [bin, 'run', ...kept, '--reporter=json', '--outputFile={report}'].join(' '),
  };
}

/** mocha's TAP is version 12 by default: only version 13 carries each failure's message and stack. */
function mocha(args: string[]): DirectTestRun | undefined {
  if (args.some((arg) => MOCHA_OWN_OUTPUT.test(arg))) return undefined;
  return {
    runner: 'mocha',
    bin: 'mocha',
    format: 'tap',
    results: 'TAP per-test results',
    run: (bin) => [bin, ...args, '--reporter', 'tap', '--reporter-option', 'tapVersion=13'].join(' '),
  };
}

/** ava's TAP 13: each test by name, a failure's assertion and difference (located in ava, not the test). */
function ava(args: string[]): DirectTestRun | undefined {
  if (args.some((arg) => AVA_OWN_OUTPUT.test(arg))) return undefined;
  return {
    runner: 'ava',
    bin: 'ava',
    format: 'tap',
    results: 'TAP per-test results (failing tests named; ava gives no line)',
    run: (bin) => [bin, '--tap', ...args].join(' '),
  };
}

function nodeTest(args: string[]): DirectTestRun | undefined {
  if (args[0] !== '--test' || args.some((arg) => arg.startsWith('--test-reporter'))) return undefined;
  return {
    runner: 'node --test',
    bin: undefined,
    format: 'tap',
    results: 'TAP per-test results',
    run: () => ['node', '--test', '--test-reporter=tap', ...args.slice(1)].join(' '),
  };
}
