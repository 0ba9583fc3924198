// The wiring of `/kilo apply`, as src/pipeline/ wires a review: the PR from the platform, the config and
// policy as a review would have them, the test commands from the plan a review would make, then apply.
import { planReview } from '../plan/planner.js';
import type { ValidationTest } from '../plan/types.js';
import type { Platform } from '../pipeline/port.js';
import { PolicyEngine } from '../policy/engine.js';
import { loadEffectiveConfig } from '../policy/effective-config.js';
import type { ReviewState } from '../report/review-state.js';
import type { CommandRunner } from '../sandbox/types.js';
import type { Tracer } from '../trace/types.js';
import { applyToPullRequest, type ApplyOutcome, type PushResult } from './apply.js';
import type { CommandComment } from './types.js';

export interface ApplyRunDeps {
  platform: Platform;
  runner: CommandRunner;
  tracer: Tracer;
  signal: AbortSignal;
  /** The last review's state (the sticky comment's), read when the PR is known. */
  readState(): Promise<ReviewState | undefined>;
  push(dir: string, commit: string, branch: string): Promise<PushResult>;
}

export interface ApplyRunOptions {
  configPath: string;
  ids: readonly string[];
  requester: CommandComment;
}

export function runApply(deps: ApplyRunDeps, options: ApplyRunOptions): Promise<ApplyOutcome> {
  const { platform, tracer } = deps;
  return tracer.child(
    'run',
    'apply',
    { ids: options.ids, requester: options.requester.login },
    async (span) => {
      const loaded = await span.child('context', 'load-context', {}, (s) => platform.loadContext(s));
      if (loaded.status === 'skipped') return { status: 'refused', reason: loaded.reason };
      const { context } = loaded;
      const { config } = await loadEffectiveConfig(
        (path) => platform.readTrustedFile(path),
        options.configPath,
      );
      const policy = new PolicyEngine({
        config,
        context,
        onDecision: (d) =>
          span.event('policy-decision', d.rule, { allow: d.allow, reason: d.reason, request: d.request }),
      });
      const plan = planReview({
        files: context.files,
        config,
        isProtected: (p) => policy.isProtectedPath(p),
      });
      const tests = plan.subtasks.flatMap(({ id, kind, task, files }): ValidationTest[] =>
        kind === 'test' && task.type === 'command' ? [{ id, task, files }] : [],
      );
      const outcome = await applyToPullRequest(
        {
          runner: deps.runner,
          workspace: platform.workspace,
          span,
          signal: deps.signal,
          decide: (request) => policy.decide(request),
          push: (dir, commit) => deps.push(dir, commit, context.head.ref),
        },
        { context, state: await deps.readState(), ids: options.ids, tests, requester: options.requester },
      );
      span.event(
        'report',
        `apply-${outcome.status}`,
        outcome.status === 'pushed' ? { commit: outcome.commit } : { reason: outcome.reason },
      );
      return outcome;
    },
  );
}
