// The text `/kilo help` (and any command we do not know) answers with.

export const REPLY_MARKER = '<!-- kilo-agent:reply -->';

export function helpText(problem?: string): string {
  return [
    REPLY_MARKER,
    ...(problem ? [`${problem}. These are the commands:`, ''] : ['**Kilo Agent** commands:', '']),
    '| command | what it does |',
    '| --- | --- |',
    '| `/kilo review` | reviews the PR again: check runs, review comments, the summary comment |',
    '| `/kilo plan` | replies with the plan (what would run, and what the policy decided); runs nothing |',
    '| `/kilo apply` | commits every validated suggestion of the last review to the PR branch |',
    '| `/kilo apply <id> …` | commits only those suggestions (ids as the summary shows them) |',
    '| `/kilo help` | this table |',
    '',
    'Commands are taken from owners, members and collaborators of the repository, in a new comment ' +
      '(edits are ignored). `/kilo apply` needs write access and works on branches of this repository only, ' +
      'while the PR head is still the commit the review saw. A push made with the workflow token starts no ' +
      'new workflow run.',
    '',
  ].join('\n');
}
