// Shared by the test-report tests: the placeholder workspace the fixtures were scrubbed to, and loaders.
import { readFileSync } from 'node:fs';
import type { TestCase } from '../../../src/findings/test-reports/types.js';

export const WORKSPACE = '/home/runner/work/demo/demo';

export function fixture(name: string): string {
  return readFileSync(new URL(`../../../__fixtures__/test-reports/${name}`, import.meta.url), 'utf8');
}

/** The fields the tests compare exactly (durations vary from capture to capture). */
export function brief(
  test: TestCase,
): [string | undefined, string, TestCase['status'], string | undefined, number | undefined] {
  return [test.suite, test.name, test.status, test.file, test.line];
}

/** Raw control characters (ANSI escapes start with one); a finding's message must have none. */
export function hasControlCharacters(text: string): boolean {
  return [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}
