// The config phase: the configuration a review runs under (the checkout's, or the base commit's when
// the head cannot be trusted: a fork PR, pull_request_target; zero-config detection on the same side),
// the policy engine over it, and what that policy lets the run post.
import type { PrContext } from '../context/types.js';
import { getErrorMessage } from '../util/errors.js';
import type { Platform, PostPermissions } from './port.js';
import { loadEffectiveConfig, type EffectiveConfig } from '../policy/effective-config.js';
import { PolicyEngine } from '../policy/engine.js';
import type { ReviewReport } from '../report/types.js';
import type { DetectEnvironment } from '../ecosystems/detect.js';
import type { Probe } from '../ecosystems/types.js';
import type { Span } from '../trace/types.js';
import type { ConfiguredRun, PipelineDeps, PipelineOptions } from './types.js';

/** The effective config (traced with where it came from), the policy over it, what may be posted. */
export async function configureRun(
  deps: Pick<PipelineDeps, 'platform' | 'probe' | 'standins'>,
  options: Pick<PipelineOptions, 'configPath' | 'dryRun'>,
  context: PrContext,
  clock: { span: Span; started: number; now: () => number },
): Promise<ConfiguredRun> {
  const { span } = clock;
  const detectEnv: DetectEnvironment = {
    files: context.files.filter((file) => file.status !== 'removed').map((file) => file.path),
    probe: deps.probe ?? NO_PROBE,
    standins: deps.standins ?? {},
  };
  const { effective, configFrom } = await loadConfigFor(
    deps.platform,
    context,
    options.configPath,
    detectEnv,
  );
  span.event('config', effective.source, {
    notes: effective.notes,
    ...(effective.coverage ? { coverage: effective.coverage } : {}),
    from: configFrom ? `base ${context.base.sha}` : 'workspace',
    ...(configFrom?.unreadable ? { unreadable: configFrom.unreadable } : {}),
  });
  const policy = new PolicyEngine({
    config: effective.config,
    context,
    onDecision: (d) =>
      span.event('policy-decision', d.rule, { allow: d.allow, reason: d.reason, request: d.request }),
  });
  const allowed = postPermissions(policy, options.dryRun);
  return {
    ...clock,
    context,
    effective,
    configFrom,
    policy,
    postOptions: { dryRun: options.dryRun, allowed, span },
  };
}

/** Every kind of post asks the policy once per run; a dry run posts nothing. */
function postPermissions(policy: PolicyEngine, dryRun: boolean): PostPermissions {
  if (dryRun) return allowAll(false);
  return {
    checkRuns: policy.decide({ kind: 'post', what: 'check-run' }).allow,
    review: policy.decide({ kind: 'post', what: 'review' }).allow,
    comment: policy.decide({ kind: 'post', what: 'comment' }).allow,
  };
}

export function allowAll(allow: boolean): PostPermissions {
  return { checkRuns: allow, review: allow, comment: allow };
}

/**
 * The config that reviews this PR: the workspace's, or the base commit's when the head is untrusted.
 * A base file that cannot be read (not missing: refused, unreachable) leaves the base's policy unknown,
 * so the review falls back to what needs no policy: the built-in analyzers, and no command at all.
 */
async function loadConfigFor(
  platform: Platform,
  context: PrContext,
  configPath: string,
  env: DetectEnvironment,
): Promise<{ effective: EffectiveConfig; configFrom: ReviewReport['configFrom'] }> {
  const reason = untrustedHead(context);
  if (reason === undefined) {
    return {
      effective: await loadEffectiveConfig((path) => platform.readTrustedFile(path), configPath, env),
      configFrom: undefined,
    };
  }
  let unreadable: string | undefined;
  const readBase = async (path: string) => {
    try {
      return await platform.readBaseFile(path, context);
    } catch (error) {
      unreadable ??= getErrorMessage(error);
      return undefined;
    }
  };
  let effective = await loadEffectiveConfig(readBase, configPath, env);
  if (unreadable !== undefined)
    effective = await loadEffectiveConfig(() => Promise.resolve(undefined), configPath);
  return { effective, configFrom: { sha: context.base.sha, reason, ...(unreadable ? { unreadable } : {}) } };
}

/**
 * Why the PR's own files must not set the policy (the config, or what zero-config detects): a fork's
 * head is anyone's, and pull_request_target runs with the base repository's token and secrets. Then
 * the config comes from the base commit; undefined when the head is the repository's own.
 */
function untrustedHead(context: PrContext): string | undefined {
  if (context.number === 0) return undefined;
  if (context.event === 'pull_request_target')
    return "pull_request_target runs with the base repository's token";
  return context.fork ? 'the pull request comes from a fork' : undefined;
}

/** Without a probe nothing counts as installed: zero-config then plans no command. */
const NO_PROBE: Probe = {
  which: () => Promise.resolve(undefined),
  exists: () => Promise.resolve(false),
};
