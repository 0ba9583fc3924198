import { describe, expect, it } from '@jest/globals';
import { renderTerminal } from '../../src/report/terminal.js';
import { makeDemoReport, makeFinding, makeReport } from '../../__fixtures__/report.js';

describe('renderTerminal', () => {
  const text = renderTerminal(makeDemoReport({ dryRun: true }));

  it('starts with the conclusion and the counts', () => {
    expect(text.split('\n').slice(0, 3)).toEqual([
      'Kilo Agent: FAILURE - 1 error, 2 warnings, 1 notice, 1 suggestion',
      'octo/demo#12 at abcdef0 "Add b and c"',
      'Dry run: nothing was posted.',
    ]);
  });

  it('prints the plan as a list indented by dependency depth', () => {
    expect(text).toContain(
      [
        'Plan (4 subtasks):',
        '  - analyze:secrets (analyzer, 1 file)',
        '  - analyze:eslint (analyzer, 2 files)',
        '    - refactor:prettier (refactorer, 1 file)  needs analyze:eslint',
        '      - test:unit (tester, 0 files)  needs refactor:prettier',
      ].join('\n'),
    );
  });

  it('prints subtasks with status, time and reason', () => {
    expect(text).toContain('  ok            0.0 s  analyze:secrets');
    expect(text).toContain('  ok          1 m 3 s  refactor:prettier');
    expect(text).toContain('  failed        5.1 s  test:unit  exit code 1');
  });

  it('prints findings as path:line, severity, rule, message', () => {
    expect(text).toContain('  src/a.ts:3  error    secrets/aws-access-key  Possible AWS access key');
    expect(text).toContain('  src/b.ts:40  warning  no-console  Unexpected console statement.');
  });

  it('prints suggestions with their replacement lines indented, and budgets', () => {
    expect(text).toContain('  src/a.ts:2-3  prettier  validated\n      const b = 2;\n      const c = 3;');
    expect(text).toContain('Budgets:\n  subtasks  4 / 50\n  comments  3 / 30');
    expect(text).toContain('  denied command "curl example.com"  commands.allow  not in the allowlist');
    expect(text.trimEnd().endsWith('Run run-1, 1 m 11 s')).toBe(true);
  });

  it('strips terminal escape sequences and newlines from messages', () => {
    const hostile = makeFinding({ message: 'evil\u001b]0;title\u0007\nnext' });
    const out = renderTerminal(makeReport({ findings: [hostile] }));
    expect(out.includes('\u001b') || out.includes('\u0007')).toBe(false);
    expect(out).toContain('evil]0;title next');
  });

  it('is deterministic and says why a skipped review was skipped', () => {
    expect(renderTerminal(makeDemoReport())).toBe(renderTerminal(makeDemoReport()));
    const skipped = renderTerminal(makeReport({ conclusion: 'skipped', skipReason: 'draft PR' }));
    expect(skipped.split('\n')[0]).toBe('Kilo Agent: SKIPPED - skipped: draft PR');
  });
});
