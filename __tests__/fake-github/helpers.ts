// Shared set-up for the fake GitHub's tests: a plain Octokit (no retry/throttle plugins, so every
// status reaches the test) pointed at the fake, and small seed builders.
import { Octokit } from '@octokit/rest';
import type { FakeGitHub, SeedFile } from '../../__fixtures__/fake-github/index.js';

export const BASE_SHA = 'a'.repeat(40);
export const HEAD_SHA = 'b'.repeat(40);

export function client(fake: FakeGitHub, token = 'test-token'): Octokit {
  return new Octokit({
    auth: token,
    baseUrl: fake.url,
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

/** `n` one-line added files `f0001.ts`… with their patches. */
export function addedFiles(n: number): SeedFile[] {
  return Array.from({ length: n }, (_, i) => ({
    filename: `src/f${String(i + 1).padStart(4, '0')}.ts`,
    status: 'added',
    patch: `@@ -0,0 +1 @@\n+export const n = ${i + 1};`,
  }));
}

/**
 * A modified file with two hunks. Hunk 1 shows new lines 1–5 (2 and 3 added) and deleted old line 2;
 * hunk 2 shows new lines 21–23 (22 added). New lines 6–20 are outside the diff.
 */
export const TWO_HUNK_PATCH = [
  '@@ -1,4 +1,5 @@',
  ' import { a } from "./a";',
  '-const x = 1;',
  '+const x = 2;',
  '+const y = 3;',
  ' export { a };',
  ' export { x };',
  '@@ -20,2 +21,3 @@ function tail() {',
  ' const z = 1;',
  '+const w = 2;',
  ' return z;',
].join('\n');

export function errorStatus(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;
}

/** The status and JSON body of a request that is expected to fail. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number | undefined; data: unknown }> {
  try {
    await promise;
  } catch (error) {
    const response = (error as { response?: { data?: unknown } }).response;
    return { status: errorStatus(error), data: response?.data };
  }
  throw new Error('expected the request to fail');
}
