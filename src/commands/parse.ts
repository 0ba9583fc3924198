// Reads a `/kilo …` command out of a comment body. The first line that starts with `/kilo` counts;
// lines inside fenced code blocks and quotes never do (a quoted or documented command is not an order).
import type { SlashCommand } from './types.js';

/** A fingerprint as the summary shows it (8 hex characters) or in full (16); at least 6 to be unique. */
const ID = /^[0-9a-f]{6,16}$/;
const MAX_SCANNED_CHARS = 65_536;
const MAX_WORD_CHARS = 40;

/** The command in `body`, or undefined when no line of it is a `/kilo` command. */
export function parseSlashCommand(body: string): SlashCommand | undefined {
  let fence: string | undefined;
  for (const raw of body.slice(0, MAX_SCANNED_CHARS).split(/\r?\n/)) {
    const line = raw.trim();
    const marker = /^(`{3,}|~{3,})(.*)$/.exec(line);
    if (marker !== undefined && marker !== null) {
      const [, run = '', info = ''] = marker;
      if (fence === undefined) fence = run;
      // As in CommonMark, only a run of the same character, as long or longer, with no info string closes.
      else if (run[0] === fence[0] && run.length >= fence.length && info.trim() === '') fence = undefined;
      continue;
    }
    if (fence !== undefined || line.startsWith('>')) continue;
    const match = /^\/kilo(?:\s+(.*))?$/i.exec(line);
    if (match) return commandOf((match[1] ?? '').trim().split(/\s+/).filter(Boolean));
  }
  return undefined;
}

function commandOf(words: string[]): SlashCommand {
  const [first, ...rest] = words;
  const name = (first ?? 'help').toLowerCase();
  switch (name) {
    case 'review':
    case 'plan':
    case 'help':
      return { name };
    case 'apply':
      return applyCommand(rest.flatMap((word) => word.split(',')).filter(Boolean));
    default:
      return {
        name: 'unknown',
        word: name.slice(0, MAX_WORD_CHARS),
        problem: `\`${name.slice(0, MAX_WORD_CHARS).replace(/`/g, '')}\` is not a Kilo Agent command`,
      };
  }
}

function applyCommand(args: string[]): SlashCommand {
  const words = args.map((word) => word.toLowerCase());
  if (words.length === 0 || (words.length === 1 && words[0] === 'all')) return { name: 'apply', ids: [] };
  const bad = words.find((word) => !ID.test(word));
  if (bad !== undefined) {
    const shown = bad.slice(0, MAX_WORD_CHARS).replace(/`/g, '');
    return {
      name: 'unknown',
      word: 'apply',
      problem: `\`/kilo apply\` takes \`all\` or suggestion ids (6 to 16 hex characters), not \`${shown}\``,
    };
  }
  return { name: 'apply', ids: [...new Set(words)] };
}
