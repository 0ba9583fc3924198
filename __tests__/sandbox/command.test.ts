import { execFileSync } from 'node:child_process';
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { expandFiles, parseCommandLine } from '../../src/sandbox/command.js';
import { KiloError } from '../../src/util/errors.js';

function parseError(command: string): KiloError {
  try {
    parseCommandLine(command);
  } catch (error) {
    if (error instanceof KiloError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(command)} to be rejected`);
}

/** What /bin/sh makes of the same words: printf prints each argument NUL-terminated. */
function shellWords(command: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${command}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('parseCommandLine', () => {
  it('splits on runs of spaces and tabs', () => {
    expect(parseCommandLine('  npx   eslint\t--format json  ')).toEqual([
      'npx',
      'eslint',
      '--format',
      'json',
    ]);
  });

  it('keeps single-quoted text literal, backslashes and double quotes included', () => {
    expect(parseCommandLine(`echo 'a b' 'c\\d' '"e"' '$HOME'`)).toEqual([
      'echo',
      'a b',
      'c\\d',
      '"e"',
      '$HOME',
    ]);
  });

  it('honours \\" and \\\\ inside double quotes and keeps other backslashes', () => {
    expect(parseCommandLine(String.raw`say "a \"b\" c\\d \n"`)).toEqual(['say', 'a "b" c\\d \\n']);
  });

  it('joins adjacent quoted and unquoted parts into one word', () => {
    expect(parseCommandLine(`--grep='a b'"c"d`)).toEqual(['--grep=a bcd']);
  });

  it('keeps empty quoted words as empty arguments', () => {
    expect(parseCommandLine(`prog '' ""`)).toEqual(['prog', '', '']);
  });

  it('lets a backslash escape the next character outside quotes', () => {
    expect(parseCommandLine(String.raw`touch a\ b \| \;`)).toEqual(['touch', 'a b', '|', ';']);
  });

  it('treats backslash-newline as a line continuation', () => {
    expect(parseCommandLine('npm \\\n  test')).toEqual(['npm', 'test']);
  });

  it('allows a trailing newline (YAML block scalars end with one)', () => {
    expect(parseCommandLine('npm test\n')).toEqual(['npm', 'test']);
  });

  it('passes $VAR, globs and quoted shell operators through as literal text', () => {
    expect(parseCommandLine(`echo $HOME src/*.ts 'a|b' "c;d>e"`)).toEqual([
      'echo',
      '$HOME',
      'src/*.ts',
      'a|b',
      'c;d>e',
    ]);
  });

  it.each([
    ['npm test | tee out', "'|' (pipe)"],
    ['npm test && rm -rf /', "'&'"],
    ['sleep 1 &', "'&'"],
    ['npm test; echo done', "';'"],
    ['npm test > out.txt', "'>'"],
    ['npm test 2>&1', "'>'"],
    ['sort < in', "'<'"],
    ['echo `id`', 'command substitution'],
    ['echo $(id)', 'command substitution'],
    ['echo "$(id)"', 'command substitution'],
    ['echo "`id`"', 'command substitution'],
    ['(npm test)', "'(' (subshell)"],
    ['npm test # all of them', "'#' comment"],
    ['npm test\nrm -rf /', 'line break'],
  ])('rejects %j because it needs a shell', (command, detail) => {
    const error = parseError(command);
    expect(error.code).toBe('COMMAND_INVALID');
    expect(error.message).toContain(detail);
    expect(error.message).toContain(JSON.stringify(command));
    expect(error.message).not.toContain('\n');
  });

  it.each([
    ["echo 'abc", 'unterminated single quote'],
    ['echo "abc', 'unterminated double quote'],
    ['echo abc\\', 'lone backslash'],
    ['', 'the command is empty'],
    [' \t \n ', 'the command is empty'],
    ["'' arg", 'the program name is empty'],
  ])('rejects %j: %s', (command, detail) => {
    const error = parseError(command);
    expect(error.code).toBe('COMMAND_INVALID');
    expect(error.message).toContain(detail);
  });

  it('shortens a very long command in the error message', () => {
    const error = parseError(`run ${'x'.repeat(5000)} |`);
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toContain('…');
  });

  it('round-trips any words quoted the POSIX way', () => {
    const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 6 }), (words) => {
        fc.pre(words[0] !== '');
        expect(parseCommandLine(words.map(quote).join(' '))).toEqual(words);
      }),
      { numRuns: 200 },
    );
  });

  it('either agrees with /bin/sh on the words or rejects the command', () => {
    // No `$`: variable expansion is the one documented difference from sh.
    const unit = fc.constantFrom('a', 'b', ' ', "'", '"', '\\', '#', '\n', '\t', '|', '(', '`');
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 10 }), (tail) => {
        // `x` first so the program name is never empty and `#` mid-command still means something.
        const command = `x ${tail}`;
        let words: string[];
        try {
          words = parseCommandLine(command);
        } catch (error) {
          expect(error).toBeInstanceOf(KiloError);
          return;
        }
        expect(shellWords(command)).toEqual(words);
      }),
      { numRuns: 150 },
    );
  });
});

describe('expandFiles', () => {
  it('replaces a {files} word with one argument per file', () => {
    expect(expandFiles(['eslint', '--format', 'json', '{files}', '--fix'], ['a.ts', 'dir/b c.ts'])).toEqual([
      'eslint',
      '--format',
      'json',
      'a.ts',
      'dir/b c.ts',
      '--fix',
    ]);
  });

  it('removes the {files} word when there are no files', () => {
    expect(expandFiles(['prettier', '--check', '{files}'], [])).toEqual(['prettier', '--check']);
  });

  it('leaves argv alone when there is no {files} word', () => {
    expect(expandFiles(['npm', 'test'], ['a.ts'])).toEqual(['npm', 'test']);
  });

  it('prefixes files that look like options with ./', () => {
    expect(expandFiles(['rm', '{files}'], ['-rf', 'ok.ts'])).toEqual(['rm', './-rf', 'ok.ts']);
  });

  it('rejects {files} embedded in a larger word', () => {
    expect(() => expandFiles(['tool', '--files={files}'], ['a.ts'])).toThrow(
      "'{files}' must be a word on its own (it expands to one argument per file), not part of '--files={files}'",
    );
  });

  it('rejects {files} as the program', () => {
    expect(() => expandFiles(['{files}'], ['a.ts'])).toThrow(KiloError);
  });

  it('works on parsed commands where {files} was quoted', () => {
    expect(expandFiles(parseCommandLine(`npx eslint '{files}'`), ['x.ts'])).toEqual([
      'npx',
      'eslint',
      'x.ts',
    ]);
  });
});
