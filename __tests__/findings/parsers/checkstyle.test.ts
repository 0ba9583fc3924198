import { describe, expect, it } from '@jest/globals';
import { parseCheckstyle } from '../../../src/findings/parsers/checkstyle.js';
import { parseEslintJson } from '../../../src/findings/parsers/eslint-json.js';
import { checkNeverThrows, expectWellFormed, fixture, options, summary } from './helpers.js';

const SAMPLE = fixture('eslint-checkstyle.xml');

describe('parseCheckstyle on real ESLint checkstyle output', () => {
  const result = parseCheckstyle(SAMPLE, options);

  it('returns one finding per anchored error, with ESLint rule ids as rules', () => {
    expect(result.error).toBeUndefined();
    expect(summary(result)).toEqual([
      ['no-unused-vars', 'error', 'src/app.js', 2, undefined],
      ['prefer-const', 'error', 'src/app.js', 3, undefined],
      ['max-lines-per-function', 'warning', 'src/app.js', 4, undefined],
      ['no-restricted-syntax', 'warning', 'src/app.js', 5, undefined],
      ['max-lines-per-function', 'warning', 'src/app.js', 8, undefined],
      ['eqeqeq', 'warning', 'src/app.js', 9, undefined],
      ['no-else-return', 'warning', 'src/app.js', 11, undefined],
      ['checkstyle', 'error', 'src/broken.js', 2, undefined],
    ]);
  });

  it('decodes entities and character references and drops the appended rule id', () => {
    expect(result.findings[0]?.message).toBe("'café' is assigned a value but never used.");
    expect(result.findings[3]?.message).toBe('Use the <http> client & "retry" wrapper, not fetch.');
    expect(result.findings[7]?.message).toBe('Parsing error: Unexpected token return');
  });

  it('fingerprints an ESLint finding the same as the JSON format does', () => {
    const json = JSON.stringify([
      {
        filePath: '/home/runner/work/demo/demo/src/app.js',
        messages: [{ ruleId: 'prefer-const', severity: 2, message: 'm', line: 3 }],
      },
    ]);
    expect(parseEslintJson(json, options).findings[0]?.fingerprint).toBe(result.findings[1]?.fingerprint);
  });
});

describe('parseCheckstyle on other checkstyle producers', () => {
  it('maps severities, keeps other sources as rules and skips ignored and line-less errors', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<checkstyle version="10.12.0">
  <file name="src/Main.java">
    <error line="7" column="1" severity="info" message="Line has trailing spaces." source="com.puppycrawl.tools.checkstyle.checks.regexp.RegexpSinglelineCheck"/>
    <error line="9" severity="ignore" message="Ignored." source="x"/>
    <error severity="error" message="File does not end with a newline." source="NewlineAtEndOfFile"/>
    <error line="12" message="No severity given." source="  "/>
    <error line="13" severity="fatal" message="Unknown severity."/>
  </file>
  <file name="/elsewhere/Other.java"><error line="1" severity="error" message="Outside." source="y"/></file>
</checkstyle>`;
    const parsed = parseCheckstyle(xml, options);
    expect(parsed.error).toBeUndefined();
    expect(summary(parsed)).toEqual([
      [
        'com.puppycrawl.tools.checkstyle.checks.regexp.RegexpSinglelineCheck',
        'notice',
        'src/Main.java',
        7,
        undefined,
      ],
      ['checkstyle', 'error', 'src/Main.java', 12, undefined],
      ['checkstyle', 'notice', 'src/Main.java', 13, undefined],
    ]);
  });

  it('reads a single file with a single error (no arrays in the XML) and an empty report', () => {
    const one =
      '<checkstyle><file name="a.js"><error line="1" severity="warning" message="m" source="s"/></file></checkstyle>';
    expect(summary(parseCheckstyle(one, options))).toEqual([['s', 'warning', 'a.js', 1, undefined]]);
    expect(parseCheckstyle('<checkstyle version="4.3"></checkstyle>', options)).toEqual({ findings: [] });
    expect(parseCheckstyle('<?xml version="1.0"?><checkstyle/>', options)).toEqual({ findings: [] });
  });

  it('does not expand entities a DOCTYPE declares', () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE checkstyle [<!ENTITY lol "lollollollollol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<checkstyle><file name="a.js"><error line="1" severity="error" message="&lol2; &amp;lt; &constructor;" source="s"/></file></checkstyle>`;
    const parsed = parseCheckstyle(xml, options);
    expect(parsed.findings.map((f) => f.message)).toEqual(['&lol2; &lt; &constructor;']);
  });

  it.each([
    ['', 'checkstyle output is empty (expected XML)'],
    ['Oops! Something went wrong! :(', 'checkstyle output is not XML: line 1: '],
    ['<checkstyle><file name="a"></checkstyle>', 'checkstyle output is not XML: line 1: '],
    ['<testsuites></testsuites>', 'checkstyle output has an unexpected shape: checkstyle: '],
    [
      '<checkstyle><file><error line="1"/></file></checkstyle>',
      'checkstyle output has an unexpected shape: checkstyle.file.0.name: ',
    ],
  ])('reports %j as a one-line error and no findings', (output, prefix) => {
    const parsed = parseCheckstyle(output, options);
    expect(parsed.findings).toEqual([]);
    expect(parsed.error?.startsWith(prefix)).toBe(true);
    expectWellFormed(parsed);
  });

  it('never throws on damaged output', () => {
    checkNeverThrows(parseCheckstyle, SAMPLE);
  });
});
