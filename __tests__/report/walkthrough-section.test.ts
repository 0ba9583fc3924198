// The walkthrough as the summary and the terminal show it: the model's text escaped, files as code.
import { describe, expect, it } from '@jest/globals';
import { renderSummaryMarkdown } from '../../src/report/markdown.js';
import { renderWalkthrough } from '../../src/report/walkthrough-section.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { makeReport } from '../../__fixtures__/report.js';

const hostile = 'Adds <img src=x onerror=alert(1)> for @octocat, see [docs](http://evil.test) and `rm -rf`.';

describe('renderWalkthrough', () => {
  it('escapes the model’s text: no HTML, no mention, no link, no code span of its own', () => {
    const report = makeReport({
      walkthrough: { groups: [{ files: ['src/a.ts', 'src/b.ts'], summary: hostile }] },
    });
    const text = renderWalkthrough(report) ?? '';
    expect(text).toContain(
      '- `src/a.ts`, `src/b.ts`: Adds &lt;img src=x onerror=alert(1)&gt; for @\u200boctocat, see \\[docs\\](http://evil.test) and \\`rm -rf\\`.',
    );
    expect(text).not.toContain('<img');
    expect(text).toContain("the model's account of the change, not a review.");
  });

  it('comes first in the summary, after the header, and in the terminal', () => {
    const report = makeReport({ walkthrough: { groups: [{ files: ['src/a.ts'], summary: 'Adds a.' }] } });
    const summary = renderSummaryMarkdown(report);
    const at = summary.indexOf('#### Walkthrough');
    expect(at).toBeGreaterThan(0);
    expect(summary.slice(0, at)).not.toContain('####');
    expect(renderTerminal(report)).toContain('Walkthrough:\n  src/a.ts: Adds a.');
  });

  it('says why there is none, and is absent when none was asked for', () => {
    expect(
      renderWalkthrough(makeReport({ walkthrough: { unavailable: 'the LLM provider answered 500' } })),
    ).toBe('#### Walkthrough\n\nNot written: the LLM provider answered 500');
    expect(renderWalkthrough(makeReport({}))).toBeUndefined();
  });
});
