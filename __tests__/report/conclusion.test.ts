import { describe, expect, it } from '@jest/globals';
import { countBySeverity, decideCheckConclusion, decideConclusion } from '../../src/report/conclusion.js';
import { makeFinding, makeResult } from '../../__fixtures__/report.js';

const error = makeFinding({ severity: 'error' });
const warning = makeFinding({ severity: 'warning' });
const notice = makeFinding({ severity: 'notice' });
const ok = [makeResult('analyze:eslint')];

describe('countBySeverity', () => {
  it('counts each severity', () => {
    expect(countBySeverity([error, warning, warning, notice])).toEqual({ error: 1, warning: 2, notice: 1 });
  });
});

describe('decideConclusion', () => {
  it.each([
    ['error', [error], 'failure'],
    ['error', [warning, notice], 'success'],
    ['warning', [warning], 'failure'],
    ['warning', [notice], 'success'],
    ['never', [error], 'neutral'],
    ['never', [], 'success'],
  ] as const)('fail-on %s with %j concludes %s', (failOn, findings, expected) => {
    expect(decideConclusion(ok, [...findings], failOn)).toBe(expected);
  });

  it('fails when a subtask failed or timed out, with fail-on error or warning', () => {
    expect(decideConclusion([makeResult('a', { status: 'failed' })], [], 'error')).toBe('failure');
    expect(decideConclusion([makeResult('a', { status: 'timed-out' })], [], 'warning')).toBe('failure');
  });

  it('is never a failure with fail-on never: a failed or timed-out subtask makes it neutral', () => {
    expect(decideConclusion([makeResult('a', { status: 'failed' })], [error], 'never')).toBe('neutral');
    expect(decideConclusion([makeResult('a', { status: 'timed-out' })], [], 'never')).toBe('neutral');
  });

  it('does not fail for a skipped subtask (a tool that is not installed)', () => {
    expect(decideConclusion([...ok, makeResult('b', { status: 'skipped' })], [], 'error')).toBe('success');
  });

  it('is neutral, not success, when a subtask was cancelled', () => {
    expect(decideConclusion([...ok, makeResult('b', { status: 'cancelled' })], [], 'error')).toBe('neutral');
  });
});

describe('decideCheckConclusion', () => {
  it('is skipped when every subtask of the kind was skipped', () => {
    expect(decideCheckConclusion([makeResult('a', { status: 'skipped' })], [], 'error')).toBe('skipped');
  });

  it('is cancelled when a subtask was cancelled and nothing failed', () => {
    expect(decideCheckConclusion([...ok, makeResult('b', { status: 'cancelled' })], [], 'error')).toBe(
      'cancelled',
    );
  });

  it('lets failures win over cancellation', () => {
    const results = [makeResult('a', { status: 'cancelled' }), makeResult('b', { status: 'failed' })];
    expect(decideCheckConclusion(results, [], 'error')).toBe('failure');
  });

  it('is neutral with findings and fail-on never', () => {
    expect(decideCheckConclusion(ok, [warning], 'never')).toBe('neutral');
  });
});
