// Turns a configured command line into argv without ever involving a shell. Anything a shell would
// interpret differently in a way that matters (pipes, redirects, lists, substitutions, comments) is
// rejected with a one-line error instead of being silently passed through. Limits: `$VAR`, globs
// (`*`, `?`, `[…]`), `~` and `{a,b}` are not expanded; they reach the program as literal text.
import { KiloError } from '../util/errors.js';

/** The argv word that `expandFiles` replaces with the subtask's files. */
export const FILES_PLACEHOLDER = '{files}';

/** Characters that only mean something to a shell; unquoted, they make a command invalid. */
const SHELL_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['|', 'pipe'],
  ['&', 'background/and-list operator'],
  [';', 'command separator'],
  ['<', 'redirection'],
  ['>', 'redirection'],
  ['(', 'subshell'],
  [')', 'subshell'],
]);

/** Characters a backslash escapes inside double quotes (POSIX); other backslashes stay literal. */
const DOUBLE_QUOTE_ESCAPABLE = new Set(['"', '\\', '$', '`']);

const MAX_SHOWN_COMMAND = 200;

function invalid(command: string, problem: string): KiloError {
  const shown = command.length > MAX_SHOWN_COMMAND ? `${command.slice(0, MAX_SHOWN_COMMAND)}…` : command;
  return new KiloError('COMMAND_INVALID', `invalid command ${JSON.stringify(shown)}: ${problem}`);
}

function needsShell(command: string, what: string): KiloError {
  return invalid(
    command,
    `${what} needs a shell, and commands run without one; move it into a script (e.g. an npm script) and run that`,
  );
}

/**
 * Splits a command line into words like a POSIX shell would, without running one: whitespace
 * separates words, single quotes are literal, double quotes honour `\"`, `\\`, `\$` and `` \` ``,
 * and a backslash outside quotes escapes the next character (backslash-newline continues the line).
 * Throws `KiloError('COMMAND_INVALID')` for empty commands, unterminated quotes and shell syntax.
 */
export function parseCommandLine(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: 'none' | 'single' | 'double' = 'none';
  let afterLineBreak = false;

  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const startWord = (): void => {
    if (inWord) return;
    if (afterLineBreak) throw needsShell(command, 'a line break between commands');
    inWord = true;
  };

  for (let i = 0; i < command.length; i++) {
    const c = command.charAt(i);
    const next = command.charAt(i + 1);

    if (quote === 'single') {
      if (c === "'") quote = 'none';
      else word += c;
      continue;
    }

    if (quote === 'double') {
      if (c === '"') quote = 'none';
      else if (c === '\\' && next === '\n') i++;
      else if (c === '\\' && DOUBLE_QUOTE_ESCAPABLE.has(next)) word += command.charAt(++i);
      // Inside double quotes a shell still substitutes these, so taking them literally would lie.
      else if (c === '`' || (c === '$' && next === '(')) throw needsShell(command, 'command substitution');
      else word += c;
      continue;
    }

    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
    } else if (c === '\n') {
      endWord();
      afterLineBreak = true;
    } else if (c === '\\') {
      if (i + 1 >= command.length) throw invalid(command, 'ends with a lone backslash');
      i++;
      if (next === '\n') continue;
      startWord();
      word += next;
    } else if (c === "'" || c === '"') {
      startWord();
      quote = c === "'" ? 'single' : 'double';
    } else if (c === '`' || (c === '$' && next === '(')) {
      throw needsShell(command, 'command substitution');
    } else if (c === '#' && !inWord) {
      throw needsShell(command, "a '#' comment");
    } else {
      const operator = SHELL_OPERATORS.get(c);
      if (operator !== undefined) throw needsShell(command, `'${c}' (${operator})`);
      startWord();
      word += c;
    }
  }

  if (quote !== 'none') throw invalid(command, `unterminated ${quote} quote`);
  endWord();
  if (words.length === 0) throw invalid(command, 'the command is empty');
  if (words[0] === '') throw invalid(command, 'the program name is empty');
  return words;
}

/**
 * Replaces every argv word that is exactly `{files}` with the files, one argument each (no files:
 * the word disappears). A file starting with `-` gets a `./` prefix so no program can read it as an
 * option. `{files}` inside a larger word, or as the program itself, is an error.
 */
export function expandFiles(argv: readonly string[], files: readonly string[]): string[] {
  const expanded: string[] = [];
  argv.forEach((arg, index) => {
    if (arg === FILES_PLACEHOLDER) {
      if (index === 0) {
        throw new KiloError('COMMAND_INVALID', `'${FILES_PLACEHOLDER}' cannot be the program to run`);
      }
      for (const file of files) expanded.push(file.startsWith('-') ? `./${file}` : file);
    } else if (arg.includes(FILES_PLACEHOLDER)) {
      throw new KiloError(
        'COMMAND_INVALID',
        `'${FILES_PLACEHOLDER}' must be a word on its own (it expands to one argument per file), not part of '${arg}'`,
      );
    } else {
      expanded.push(arg);
    }
  });
  return expanded;
}
