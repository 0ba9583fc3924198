import { describe, expect, it } from '@jest/globals';
import { createLlmRedactor } from '../../src/llm/llm-redactor.js';

const awsKey = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const ghToken = ['ghp_', 'a1B2c3D4e5F6g7H8i9J0', 'k1L2m3N4o5P6q7R8'].join('');

describe('createLlmRedactor', () => {
  const redact = createLlmRedactor((text) => text.replaceAll('registered-value', '***'));

  it('masks registered secrets and secret-shaped spans on every line', () => {
    const text = [`const a = "${awsKey}";`, 'plain line', `token ${ghToken} and registered-value`].join('\n');
    expect(redact(text)).toBe(
      ['const a = "[REDACTED]";', 'plain line', 'token [REDACTED] and ***'].join('\n'),
    );
  });

  it('masks a high-entropy value assigned to a secret-looking name', () => {
    const value = ['Zx9', 'Qw7Lk2Pm4Vn8', 'Rt5Ys1'].join('');
    expect(redact(`API_KEY = "${value}"`)).toBe('API_KEY = "[REDACTED]"');
  });

  it('leaves ordinary text alone, and applies the known redactor first', () => {
    expect(redact('function add(a, b) { return a + b; }')).toBe('function add(a, b) { return a + b; }');
    const order: string[] = [];
    const traced = createLlmRedactor((text) => {
      order.push(text);
      return text;
    });
    traced(`x ${awsKey}`);
    expect(order).toEqual([`x ${awsKey}`]);
  });
});
