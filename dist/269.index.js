export const id = 269;
export const ids = [269];
export const modules = {

/***/ 5269:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runSlashCommand: () => (/* binding */ runSlashCommand)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(70819);
// EXTERNAL MODULE: ./build/plan/planner.js
var planner = __webpack_require__(76566);
// EXTERNAL MODULE: ./build/policy/engine.js
var engine = __webpack_require__(58989);
// EXTERNAL MODULE: ./build/policy/effective-config.js + 2 modules
var effective_config = __webpack_require__(24232);
// EXTERNAL MODULE: ./build/context/git.js
var git = __webpack_require__(53356);
// EXTERNAL MODULE: ./build/agents/validation/apply.js
var apply = __webpack_require__(20791);
// EXTERNAL MODULE: ./build/agents/validation/validate.js + 1 modules
var validate = __webpack_require__(93951);
// EXTERNAL MODULE: ./build/report/review-state.js
var review_state = __webpack_require__(47);
// EXTERNAL MODULE: ./build/sandbox/worktree.js + 1 modules
var sandbox_worktree = __webpack_require__(327);
// EXTERNAL MODULE: ./build/util/errors.js
var errors = __webpack_require__(34478);
;// CONCATENATED MODULE: ./build/commands/apply.js
// `/kilo apply`: commits the review's validated suggestions to the PR branch. Only on a branch of
// this repository, only while the PR head is still the commit the review saw, only suggestions the
// tests validated, only outside protected paths; the tests run once more with exactly the commit's
// files, and anything that goes wrong pushes nothing and says why.






/** The identity GitHub shows for commits and comments made with the workflow's GITHUB_TOKEN. */
const ACTIONS_BOT = {
    name: 'github-actions[bot]',
    email: '41898282+github-actions[bot]@users.noreply.github.com',
};
async function applyToPullRequest(deps, request) {
    const { context, state } = request;
    const refuse = (reason) => ({ status: 'refused', reason });
    if (context.fork) {
        return refuse('the branch is in a fork, and the workflow token cannot push there; use the suggestion buttons of the review instead');
    }
    if (state === undefined) {
        return refuse('there is no Kilo Agent review on this PR to apply (or one is running): run `/kilo review` first');
    }
    if (state.head !== context.head.sha) {
        return refuse(`the PR head moved since the review (reviewed ${state.head.slice(0, 7)}, now ${context.head.sha.slice(0, 7)}): ` +
            'run `/kilo review`, then `/kilo apply` again');
    }
    const selection = selectSuggestions(state, request.ids);
    if ('problem' in selection)
        return refuse(selection.problem);
    const denied = selection.selected.filter((s) => !deps.decide({ kind: 'write', path: s.path }).allow);
    if (denied.length > 0) {
        return refuse(`policy: ${denied.map((s) => s.path).join(', ')} ${denied.length === 1 ? 'is a' : 'are'} protected path`);
    }
    if (request.tests.length === 0) {
        return refuse('no test task is configured, so the suggestions cannot be checked again before the commit');
    }
    const { overlapping } = (0,apply/* partitionOverlapping */.wL)(selection.selected);
    if (overlapping.length > 0) {
        return refuse(`these suggestions overlap others and cannot be applied together: ${ids(overlapping)}`);
    }
    return commitAndPush(deps, request, selection.selected);
}
async function commitAndPush(deps, request, selected) {
    const { span } = deps;
    let worktree;
    try {
        // A shallow checkout of another commit (the default branch) may lack the head: fetch it.
        await (0,git/* ensureCommit */.q$)(deps.workspace, request.context.head.sha, 'head');
        worktree = await (0,sandbox_worktree/* createWorktree */.MV)(deps.runner, deps.workspace, request.context.head.sha, deps.signal);
    }
    catch (error) {
        return {
            status: 'refused',
            reason: `could not make a checkout of the PR head: ${(0,errors/* getErrorMessage */.u1)(error)}`,
        };
    }
    try {
        try {
            await (0,apply/* applySuggestions */.EB)(worktree.dir, selected);
        }
        catch (error) {
            return {
                status: 'refused',
                reason: `the suggestions do not apply to the head: ${(0,errors/* getErrorMessage */.u1)(error)}`,
            };
        }
        const paths = [...new Set(selected.map((s) => s.path))];
        // Every test must really run: a test the policy now denies is no reason to believe the commit is good.
        const failed = await (0,validate/* runValidationTests */.e)(testInput(deps, request), request.tests, worktree.dir, paths, {
            everyTestMustRun: true,
        });
        span.event('validate', 'apply-tests', { applied: selected.length, passed: failed === undefined });
        if (failed !== undefined) {
            return { status: 'refused', reason: `the tests failed with the suggestions applied: ${failed}` };
        }
        const commit = await (0,sandbox_worktree/* commitWorktree */.Fg)(deps.runner, worktree.dir, {
            paths,
            message: commitMessage(request, selected),
            identity: ACTIONS_BOT,
            signal: deps.signal,
        });
        const pushed = await deps.push(worktree.dir, commit);
        span.event('post', 'push', { commit, ok: pushed.ok, ...(pushed.ok ? {} : { reason: pushed.reason }) });
        if (!pushed.ok)
            return { status: 'refused', reason: `the push was rejected: ${pushed.reason}` };
        return { status: 'pushed', commit, applied: selected, testCommands: request.tests.length };
    }
    catch (error) {
        return { status: 'refused', reason: (0,errors/* getErrorMessage */.u1)(error) };
    }
    finally {
        await worktree.remove();
    }
}
/** The suggestions the ids name (every validated one without ids), or why they cannot be applied. */
function selectSuggestions(state, ids) {
    const head = state.head.slice(0, 7);
    if (ids.length === 0) {
        const selected = state.suggestions.filter((s) => s.validated);
        if (selected.length > 0)
            return { selected };
        const others = state.suggestions.length;
        return {
            problem: `the review of ${head} has no validated suggestion to apply${others > 0 ? ` (${others} not validated: only suggestions the tests checked are applied)` : ''}`,
        };
    }
    const problems = [];
    const selected = [];
    for (const id of ids) {
        const matches = state.suggestions.filter((s) => s.fingerprint.startsWith(id));
        if (matches.length === 0) {
            const omitted = state.omitted > 0 ? ` (${state.omitted} suggestions did not fit in the comment)` : '';
            problems.push(`\`${id}\` is not a suggestion of the review of ${head}${omitted}`);
        }
        else if (matches.length > 1)
            problems.push(`\`${id}\` matches ${matches.length} suggestions: give more of it`);
        else if (!matches[0].validated)
            problems.push(`\`${id}\` was not validated by the tests`);
        else if (!selected.includes(matches[0]))
            selected.push(matches[0]);
    }
    return problems.length > 0 ? { problem: problems.join('; ') } : { selected };
}
function commitMessage(request, selected) {
    const { requester, context } = request;
    const count = selected.length;
    const title = `Apply ${count === 1 ? 'a Kilo Agent suggestion' : `${count} Kilo Agent suggestions`}`;
    const items = selected.map((s) => `- ${s.path}:${s.startLine === s.endLine ? s.startLine : `${s.startLine}-${s.endLine}`} (${s.source}, ${(0,review_state/* shortId */.m_)(s.fingerprint)})`);
    return [
        title,
        '',
        `Requested by @${requester.login}${requester.url ? ` in ${requester.url}` : ''}.`,
        `The review of ${context.head.sha.slice(0, 12)} validated ${count === 1 ? 'it' : 'each of them'}, and the tests`,
        'passed again with exactly this commit before it was pushed.',
        '',
        ...items,
        '',
        `Co-authored-by: ${requester.login} <${requester.userId}+${requester.login}@users.noreply.github.com>`,
        '',
    ].join('\n');
}
/** What the test commands need of an agent's input: the policy, the runner, the trace. */
function testInput(deps, request) {
    const subtask = {
        id: 'test:apply',
        kind: 'test',
        agent: 'tester',
        task: { type: 'validate', name: 'validate-suggestions', tests: [...request.tests] },
        files: [],
        dependsOn: [],
        budget: { wallSeconds: 0 },
    };
    return {
        subtask,
        context: request.context,
        workspace: deps.workspace,
        runner: deps.runner,
        decide: deps.decide,
        span: deps.span,
        signal: deps.signal,
        dryRun: false,
        upstream: () => undefined,
    };
}
function ids(suggestions) {
    return suggestions.map((s) => `\`${(0,review_state/* shortId */.m_)(s.fingerprint)}\``).join(', ');
}
//# sourceMappingURL=apply.js.map
;// CONCATENATED MODULE: ./build/commands/apply-run.js
// The wiring of `/kilo apply`, as src/pipeline/ wires a review: the PR from the platform, the config and
// policy as a review would have them, the test commands from the plan a review would make, then apply.




function runApply(deps, options) {
    const { platform, tracer } = deps;
    return tracer.child('run', 'apply', { ids: options.ids, requester: options.requester.login }, async (span) => {
        const loaded = await span.child('context', 'load-context', {}, (s) => platform.loadContext(s));
        if (loaded.status === 'skipped')
            return { status: 'refused', reason: loaded.reason };
        const { context } = loaded;
        const { config } = await (0,effective_config/* loadEffectiveConfig */._)((path) => platform.readTrustedFile(path), options.configPath);
        const policy = new engine/* PolicyEngine */.dq({
            config,
            context,
            onDecision: (d) => span.event('policy-decision', d.rule, { allow: d.allow, reason: d.reason, request: d.request }),
        });
        const plan = (0,planner/* planReview */.K)({
            files: context.files,
            config,
            isProtected: (p) => policy.isProtectedPath(p),
        });
        const tests = plan.subtasks.flatMap(({ id, kind, task, files }) => kind === 'test' && task.type === 'command' ? [{ id, task, files }] : []);
        const outcome = await applyToPullRequest({
            runner: deps.runner,
            workspace: platform.workspace,
            span,
            signal: deps.signal,
            decide: (request) => policy.decide(request),
            push: (dir, commit) => deps.push(dir, commit, context.head.ref),
        }, { context, state: await deps.readState(), ids: options.ids, tests, requester: options.requester });
        span.event('report', `apply-${outcome.status}`, outcome.status === 'pushed' ? { commit: outcome.commit } : { reason: outcome.reason });
        return outcome;
    });
}
//# sourceMappingURL=apply-run.js.map
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 2 modules
var schemas = __webpack_require__(88343);
;// CONCATENATED MODULE: ./build/commands/parse.js
/** A fingerprint as the summary shows it (8 hex characters) or in full (16); at least 6 to be unique. */
const ID = /^[0-9a-f]{6,16}$/;
const MAX_SCANNED_CHARS = 65_536;
const MAX_WORD_CHARS = 40;
/** The command in `body`, or undefined when no line of it is a `/kilo` command. */
function parseSlashCommand(body) {
    let fence;
    for (const raw of body.slice(0, MAX_SCANNED_CHARS).split(/\r?\n/)) {
        const line = raw.trim();
        const marker = /^(`{3,}|~{3,})(.*)$/.exec(line);
        if (marker !== undefined && marker !== null) {
            const [, run = '', info = ''] = marker;
            if (fence === undefined)
                fence = run;
            // As in CommonMark, only a run of the same character, as long or longer, with no info string closes.
            else if (run[0] === fence[0] && run.length >= fence.length && info.trim() === '')
                fence = undefined;
            continue;
        }
        if (fence !== undefined || line.startsWith('>'))
            continue;
        const match = /^\/kilo(?:\s+(.*))?$/i.exec(line);
        if (match)
            return commandOf((match[1] ?? '').trim().split(/\s+/).filter(Boolean));
    }
    return undefined;
}
function commandOf(words) {
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
function applyCommand(args) {
    const words = args.map((word) => word.toLowerCase());
    if (words.length === 0 || (words.length === 1 && words[0] === 'all'))
        return { name: 'apply', ids: [] };
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
//# sourceMappingURL=parse.js.map
;// CONCATENATED MODULE: ./build/commands/event.js
// An issue_comment event → the command to carry out, or why it is none of ours. Only a new comment on
// a pull request, written by a person, that holds a `/kilo` line is a command: edits and deletions are
// ignored (an edit must not re-run anything), and bots are ignored (no loops between bots, ours included).



const payloadSchema = schemas/* object */.Ikc({
    action: schemas/* string */.YjP(),
    issue: schemas/* object */.Ikc({ number: schemas/* number */.aig().int().positive(), pull_request: schemas/* unknown */.L5J().optional() }),
    comment: schemas/* object */.Ikc({
        id: schemas/* number */.aig().int().positive(),
        body: schemas/* string */.YjP().nullable().optional(),
        html_url: schemas/* string */.YjP().default(''),
        author_association: schemas/* string */.YjP().default('NONE'),
        user: schemas/* object */.Ikc({ login: schemas/* string */.YjP(), id: schemas/* number */.aig().int(), type: schemas/* string */.YjP().default('User') }).nullable(),
    }),
    repository: schemas/* object */.Ikc({ name: schemas/* string */.YjP(), owner: schemas/* object */.Ikc({ login: schemas/* string */.YjP() }) }),
});
function parseCommentEvent(payload) {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new errors/* KiloError */.aJ('EVENT_INVALID', `the event payload is not an issue_comment event: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    const { action, issue, comment, repository } = parsed.data;
    if (issue.pull_request === undefined || issue.pull_request === null)
        return { kind: 'ignore', reason: 'the comment is on an issue, not a pull request' };
    if (action !== 'created')
        return { kind: 'ignore', reason: `the comment was ${action}, not created` };
    const user = comment.user;
    if (user === null)
        return { kind: 'ignore', reason: 'the comment has no author (a deleted account)' };
    if (user.type !== 'User')
        return { kind: 'ignore', reason: `comments by bots are ignored (${user.login})` };
    const command = parseSlashCommand(comment.body ?? '');
    if (command === undefined)
        return { kind: 'ignore', reason: 'the comment holds no /kilo command' };
    return {
        kind: 'command',
        repo: { owner: repository.owner.login, name: repository.name },
        pullNumber: issue.number,
        comment: {
            id: comment.id,
            url: comment.html_url,
            login: user.login,
            userId: user.id,
            association: comment.author_association,
        },
        command,
    };
}
//# sourceMappingURL=event.js.map
;// CONCATENATED MODULE: ./build/commands/authorize.js
const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
const WRITE_ROLES = new Set(['admin', 'maintain', 'write']);
async function authorize(comment, command, lookupRole) {
    const trusted = TRUSTED_ASSOCIATIONS.has(comment.association);
    if (trusted && command !== 'apply')
        return { allowed: true, via: `author association ${comment.association}` };
    const answer = await lookupRole(comment.login);
    if ('error' in answer) {
        return {
            allowed: false,
            reason: `GitHub could not tell ${comment.login}'s permission (${answer.error})`,
        };
    }
    if (WRITE_ROLES.has(answer.role))
        return { allowed: true, via: `repository role ${answer.role}` };
    return {
        allowed: false,
        reason: `${comment.login} has the ${answer.role} role (association ${comment.association}); ${command === 'apply' ? 'applying suggestions needs write access' : 'commands need write access'}`,
    };
}
//# sourceMappingURL=authorize.js.map
;// CONCATENATED MODULE: ./build/commands/help.js
// The text `/kilo help` (and any command we do not know) answers with.
const REPLY_MARKER = '<!-- kilo-agent:reply -->';
function helpText(problem) {
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
//# sourceMappingURL=help.js.map
// EXTERNAL MODULE: ./build/report/plan-markdown.js
var plan_markdown = __webpack_require__(22712);
;// CONCATENATED MODULE: ./build/commands/handle.js





async function handleCommand(event, channel, work) {
    const { comment, command } = event;
    const name = command.name === 'unknown' ? 'help' : command.name;
    const auth = await authorize(comment, name, (login) => channel.role(login));
    if (!auth.allowed) {
        await channel.reply(refusal(comment, command));
        await channel.react('confused');
        return { conclusion: 'skipped', message: `/kilo ${name} from ${comment.login} refused: ${auth.reason}` };
    }
    await channel.react('eyes');
    try {
        const result = await carryOut(event, channel, work);
        // 🚀 when it did what was asked (a review that finds errors did its job); 😕 for an apply that pushed
        // nothing and for a command we do not know.
        const done = command.name === 'apply' ? result.conclusion === 'success' : command.name !== 'unknown';
        await channel.react(done ? 'rocket' : 'confused');
        return result;
    }
    catch (error) {
        await channel.react('confused');
        await channel.reply(`${REPLY_MARKER}\n@${comment.login} Kilo Agent could not finish \`/kilo ${name}\`: ${oneLine((0,errors/* getErrorMessage */.u1)(error))}`);
        throw error;
    }
}
async function carryOut(event, channel, work) {
    const { comment, command } = event;
    switch (command.name) {
        case 'help':
            await channel.reply(helpText());
            return { conclusion: 'skipped', message: '/kilo help: answered with the help text' };
        case 'unknown':
            await channel.reply(helpText(command.problem));
            return {
                conclusion: 'skipped',
                message: `/kilo ${command.word}: not a command; answered with the help text`,
            };
        case 'review': {
            const outcome = await work.review();
            return { conclusion: conclusionOf(outcome), message: `/kilo review: ${outcome.status}`, outcome };
        }
        case 'plan': {
            const outcome = await work.plan();
            const body = outcome.status === 'planned' || outcome.status === 'reviewed'
                ? (0,plan_markdown/* renderPlanMarkdown */.d)(outcome.report)
                : `Kilo Agent made no plan: ${outcome.status === 'skipped' ? outcome.reason : 'no plan came back'}`;
            await channel.reply(`${REPLY_MARKER}\n@${comment.login}\n\n${body}`);
            return { conclusion: conclusionOf(outcome), message: `/kilo plan: ${outcome.status}`, outcome };
        }
        case 'apply': {
            const applied = await work.apply(command.ids);
            await channel.reply(applyReply(comment, applied, work));
            return applied.status === 'pushed'
                ? { conclusion: 'success', message: `/kilo apply: pushed ${applied.commit}` }
                : { conclusion: 'neutral', message: `/kilo apply: nothing pushed: ${applied.reason}` };
        }
    }
}
function conclusionOf(outcome) {
    if (outcome.status === 'skipped')
        return 'skipped';
    return outcome.status === 'executed' ? 'neutral' : outcome.report.conclusion;
}
function refusal(comment, command) {
    const what = command.name === 'apply' ? 'commit suggestions' : 'run commands';
    return [
        REPLY_MARKER,
        `Thanks @${comment.login}! Only people with write access to this repository can ask Kilo Agent to ${what}, ` +
            'so nothing was run. A maintainer can comment the same command for you.',
    ].join('\n');
}
function applyReply(comment, applied, work) {
    if (applied.status === 'refused') {
        return `${REPLY_MARKER}\n@${comment.login} nothing was pushed: ${oneLine(applied.reason)}.`;
    }
    const count = applied.applied.length;
    const items = applied.applied.map((s) => `- \`${s.path}:${s.startLine === s.endLine ? s.startLine : `${s.startLine}-${s.endLine}`}\` from ${s.source} (\`${(0,review_state/* shortId */.m_)(s.fingerprint)}\`)`);
    return [
        REPLY_MARKER,
        `@${comment.login} committed ${count === 1 ? '1 suggestion' : `${count} suggestions`} as ` +
            `[\`${applied.commit.slice(0, 7)}\`](${work.commitUrl(applied.commit)}); the tests passed with it ` +
            `(${applied.testCommands === 1 ? '1 test command' : `${applied.testCommands} test commands`}).`,
        '',
        ...items,
        '',
        'A push made with the workflow token starts no new workflow run: push again, or re-run the checks, ' +
            'for CI to see this commit.',
    ].join('\n');
}
function oneLine(text) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length > 1000 ? `${line.slice(0, 999)}…` : line.replace(/\.$/, '');
}
//# sourceMappingURL=handle.js.map
// EXTERNAL MODULE: ./build/report/post-plan.js + 5 modules
var post_plan = __webpack_require__(46924);
// EXTERNAL MODULE: ./build/platform/github/octokit.js + 3 modules
var github_octokit = __webpack_require__(74404);
// EXTERNAL MODULE: ./build/platform/github/publisher.js + 5 modules
var publisher = __webpack_require__(13674);
;// CONCATENATED MODULE: ./build/platform/github/comment-channel.js
// The GitHub side of slash commands: reactions on the command's comment, replies on the PR, the
// commenter's role, and the last review's state from our sticky comment. Reactions and replies never
// fail the run: a refused write (read-only token) is a warning in the log, which carries the answer too.





const ROLES = new Set(['admin', 'maintain', 'write', 'triage', 'read', 'none']);
function createCommentChannel(octokit, target) {
    const { owner, repo } = target;
    return {
        async react(content) {
            try {
                await octokit.rest.reactions.createForIssueComment({
                    owner,
                    repo,
                    comment_id: target.commentId,
                    content,
                });
            }
            catch (error) {
                core/* warning */.$e(`could not react ${content} to the command: ${(0,github_octokit/* apiErrorMessage */.Q8)(error)}`);
            }
        },
        async reply(text) {
            const body = fitComment(text);
            try {
                await octokit.rest.issues.createComment({ owner, repo, issue_number: target.pullNumber, body });
                return true;
            }
            catch (error) {
                core/* warning */.$e(`could not reply to the command (${(0,github_octokit/* apiErrorMessage */.Q8)(error)}); the reply was:\n${body}`);
                return false;
            }
        },
        async role(login) {
            try {
                const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
                    owner,
                    repo,
                    username: login,
                });
                // A custom role has its own name; `permission` is the base role it extends then.
                const role = ROLES.has(data.role_name) ? data.role_name : data.permission;
                return { role: ROLES.has(role) ? role : 'read' };
            }
            catch (error) {
                // 404: not a collaborator GitHub knows of.
                if ((0,github_octokit/* isRequestError */.eK)(error) && error.status === 404)
                    return { role: 'none' };
                return { error: (0,github_octokit/* apiErrorMessage */.Q8)(error) };
            }
        },
    };
}
/** GitHub refuses longer comment bodies; a reply that long is cut, and says where the rest is. */
function fitComment(body) {
    if (body.length <= post_plan/* COMMENT_BODY_MAX */.Uq)
        return body;
    const note = '\n\n… (cut to fit a comment: the job summary of this run has all of it)';
    return `${body.slice(0, post_plan/* COMMENT_BODY_MAX */.Uq - note.length)}${note}`;
}
/** The state of the last review, from our sticky comment; undefined when there is none (or unreadable). */
async function readReviewState(octokit, target) {
    const sticky = await (0,publisher/* findStickyComment */.o)(octokit, {
        owner: target.owner,
        repo: target.repo,
        number: target.pullNumber,
    });
    return sticky === undefined ? undefined : (0,review_state/* parseReviewState */.pG)(sticky.body);
}
//# sourceMappingURL=comment-channel.js.map
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./build/platform/github/push.js
// Pushes one commit to a PR branch of this repository with the workflow's token, never forced: a
// branch that moved since is rejected by the server, and we say so. The token goes to git as an
// HTTP header through GIT_CONFIG_* variables (as actions/checkout does, but never written to a config
// file or put on the command line). Our own git, not PR code: it runs outside the sandbox.


const PUSH_TIMEOUT_MS = 120_000;
const MAX_REASON_CHARS = 500;
/** The clone URL of the repository on the server. */
function remoteUrl(serverUrl, repo) {
    return `${serverUrl.replace(/\/+$/, '')}/${repo.owner}/${repo.name}.git`;
}
/** `git push <url> <commit>:refs/heads/<branch>` from the checkout `dir` that holds the commit. */
function pushCommit(dir, commit, target) {
    const url = remoteUrl(target.serverUrl, target.repo);
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
    if (target.token && /^https?:/i.test(url)) {
        const basic = Buffer.from(`x-access-token:${target.token}`, 'utf8').toString('base64');
        Object.assign(env, {
            GIT_CONFIG_COUNT: '1',
            GIT_CONFIG_KEY_0: `http.${new URL(url).origin}/.extraheader`,
            GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
        });
    }
    const args = [
        '-c',
        'core.hooksPath=/dev/null',
        'push',
        '--porcelain',
        '--no-verify',
        url,
        `${commit}:refs/heads/${target.branch}`,
    ];
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)('git', args, { cwd: dir, env, timeout: PUSH_TIMEOUT_MS }, (error, stdout, stderr) => {
            if (!error)
                return resolve({ ok: true });
            resolve({ ok: false, reason: pushFailure(`${stdout}\n${stderr}`, error) });
        });
    });
}
/** The lines that say why: porcelain's `!` line (rejected, with git's reason) and the server's own. */
function pushFailure(output, error) {
    const lines = output.split(/\r?\n/).map((line) => line.trim());
    const said = lines.filter((line) => line.startsWith('!') || line.startsWith('remote:') || line.startsWith('fatal:'));
    const text = (said.length ? said.join('; ') : (0,errors/* getErrorMessage */.u1)(error)).replace(/\s+/g, ' ');
    return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 1)}…` : text;
}
//# sourceMappingURL=push.js.map
;// CONCATENATED MODULE: ./build/platform/github/command-run.js
// An issue_comment event on GitHub: the slash command in it, carried out with the review and apply
// work main.ts hands in. Comments that hold no command (or come from bots, or were edited) end here
// with the reason; so does a run without a token, which could neither check the commenter nor answer.






async function runSlashCommand(run) {
    const event = parseCommentEvent(run.payload);
    if (event.kind === 'ignore')
        return { kind: 'ignored', reason: event.reason };
    const { octokit } = run;
    if (!octokit) {
        return {
            kind: 'ignored',
            reason: "slash commands need the 'github-token' input (to check who asked, and to answer)",
        };
    }
    const target = {
        owner: event.repo.owner,
        repo: event.repo.name,
        pullNumber: event.pullNumber,
        commentId: event.comment.id,
    };
    const api = redacted(createCommentChannel(octokit, target), (text) => run.applyDeps.tracer.redact(text));
    // A dry run posts nothing: the answers go to the log, and nothing is pushed.
    const channel = run.dryRun ? logChannel(api) : api;
    const repoUrl = `${run.serverUrl.replace(/\/+$/, '')}/${event.repo.owner}/${event.repo.name}`;
    const result = await handleCommand(event, channel, {
        review: run.review,
        plan: run.plan,
        commitUrl: (sha) => `${repoUrl}/commit/${sha}`,
        apply: (ids) => run.dryRun
            ? Promise.resolve({ status: 'refused', reason: 'dry-run: nothing is committed or pushed' })
            : runApply({
                ...run.applyDeps,
                readState: () => readReviewState(octokit, target),
                push: (dir, commit, branch) => pushCommit(dir, commit, {
                    serverUrl: run.serverUrl,
                    repo: event.repo,
                    branch,
                    token: run.token,
                }),
            }, { configPath: run.configPath, ids, requester: event.comment }),
    });
    return { kind: 'handled', ...result };
}
/** Replies carry tool output and git's words: masked like everything else we write. */
function redacted(api, redact) {
    return { ...api, reply: (body) => api.reply(redact(body)) };
}
function logChannel(api) {
    return {
        react: async (content) => core/* info */.pq(`dry-run: would react ${content}`),
        reply: async (body) => {
            core/* info */.pq(`dry-run: would reply:\n${body}`);
            return true;
        },
        role: (login) => api.role(login),
    };
}
//# sourceMappingURL=command-run.js.map

/***/ })

};

//# sourceMappingURL=269.index.js.map