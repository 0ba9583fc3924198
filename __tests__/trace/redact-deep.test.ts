import { describe, expect, it } from '@jest/globals';
import { createRedactor, redactDeep } from '../../src/trace/redact.js';

describe('redactDeep', () => {
  it('masks every string, keys included, and keeps the shape and the other values', () => {
    const redactor = createRedactor();
    redactor.add('ghs_secretvalue_1234');
    const report = {
      findings: [{ message: 'found ghs_secretvalue_1234 here', line: 3, ok: true, none: null }],
      ['ghs_secretvalue_1234']: 'key',
    };
    expect(redactDeep(report, redactor.redact)).toEqual({
      findings: [{ message: 'found *** here', line: 3, ok: true, none: null }],
      '***': 'key',
    });
    // A copy: the input is untouched.
    expect(report.findings[0]?.message).toBe('found ghs_secretvalue_1234 here');
  });
});
