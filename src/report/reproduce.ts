// The summary's "Reproduce locally" block: the commands that rerun this review on a clone.
import { isEmptyTree } from '../context/empty-tree.js';
import { shellQuote } from '../util/shell-quote.js';
import { fenced } from './format.js';
import type { ReviewReport } from './types.js';

const DEFAULT_CONFIG_PATH = '.github/kilo.yml';
/** The published package: what a report that does not say how it ran (an older trace) falls back to. */
const PUBLISHED_COMMAND = ['npx', 'kilo-agent'];

/**
 * The commands that rerun this review on a clone: fetch both commits, check out head (so the
 * repository's own tools run on it, as in the workflow), then `kilo-agent review` with the run's options,
 * started the way the report says it ran (`report.reproduceCommand`).
 */
export function renderReproduce(report: ReviewReport): string {
  const { base, head, event } = report.context;
  const start = report.reproduceCommand?.length ? report.reproduceCommand : PUBLISHED_COMMAND;
  const command = [...start, 'review', '--base', base.sha, '--head', head.sha];
  if (report.configPath !== undefined && report.configPath !== DEFAULT_CONFIG_PATH)
    command.push('--config', report.configPath);
  if (report.failOn !== 'error') command.push('--fail-on', report.failOn);
  if (report.dryRun) command.push('--dry-run');
  const lines: string[] = [];
  if (event === 'local') {
    if (base.ref !== base.sha || head.ref !== head.sha)
      lines.push(`# ran as: --base ${shellQuote(base.ref)} --head ${shellQuote(head.ref)}`);
  } else if (isEmptyTree(base.sha)) {
    lines.push(
      "# the whole repository: the base is git's empty tree, so every line counts as added",
      `git fetch origin ${shellQuote(head.sha)}`,
      `git checkout --detach ${shellQuote(head.sha)}`,
      "# install the repository's tools as the workflow does (e.g. npm ci), then:",
    );
  } else {
    lines.push(
      `git fetch origin ${shellQuote(base.sha)} ${shellQuote(head.sha)}`,
      `git checkout --detach ${shellQuote(head.sha)}`,
      "# install the repository's tools as the workflow does (e.g. npm ci), then:",
    );
  }
  if (report.llm) {
    const [provider = '', ...model] = report.llm.model.split(':');
    command.push('--llm-provider', provider, '--llm-model', model.join(':'));
    lines.push('# the LLM key comes from KILO_LLM_API_KEY (add --llm-base-url for your own server)');
  }
  lines.push(command.map(shellQuote).join(' '));
  const body = fenced(lines.map((line) => line.replace(/[\r\n]+/g, ' ')).join('\n'), 'sh');
  return ['<details><summary>Reproduce locally</summary>', '', body, '', '</details>'].join('\n');
}
