// The action's entry point: the one module with a side effect. An event we do not review ends here,
// before the bundle (the pipeline, @actions/core, zod, the GitHub client) is loaded: a workflow that
// runs us on every event pays ~5 ms for the ones we skip, not ~80 ms. Only node: builtins here — the
// bundle script points the one import of ./main.js at dist/kilo.js, and nothing else is bundled.
import { appendFileSync } from 'node:fs';
/** Kept equal to SUPPORTED_EVENTS in src/platform/github/events.ts (a unit test checks it). */
const ENTRY_EVENTS = [
    'pull_request',
    'pull_request_target',
    'workflow_dispatch',
    'issue_comment',
    'push',
    'schedule',
];
const event = process.env.GITHUB_EVENT_NAME ?? '';
if (ENTRY_EVENTS.includes(event)) {
    const { run } = await import('./kilo.js');
    await run();
}
else {
    // What the full run reports for such an event, without its trace file (nothing happened).
    const reason = `event '${event || '(none)'}' is not supported; supported: ${ENTRY_EVENTS.join(', ')}`;
    process.stdout.write(`::notice::Kilo Agent skipped: ${escapeData(reason)}\n`);
    for (const [name, value] of [
        ['conclusion', 'skipped'],
        ['findings', '0'],
        ['suggestions', '0'],
        ['subtasks', '0'],
    ]) {
        setOutput(name, value);
    }
}
/**
 * As @actions/core's setOutput, for our own one-line constants (no delimiter needed): the GITHUB_OUTPUT
 * file, else the old workflow command.
 */
function setOutput(name, value) {
    const file = process.env.GITHUB_OUTPUT;
    if (file)
        appendFileSync(file, `${name}=${value}\n`);
    else
        process.stdout.write(`\n::set-output name=${name}::${escapeData(value)}\n`);
}
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
//# sourceMappingURL=index.js.map