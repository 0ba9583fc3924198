// The configuration a review runs under: the checkout's, or the base commit's when the head cannot be
// trusted (a fork PR, pull_request_target), with zero-config detection on the same side.
import type { PrContext } from '../context/types.js';
import { getErrorMessage } from '../util/errors.js';
import type { Platform } from './port.js';
import { loadEffectiveConfig, type EffectiveConfig } from '../policy/effective-config.js';
import type { ReviewReport } from '../report/types.js';
import type { DetectEnvironment } from '../ecosystems/detect.js';
import type { Probe } from '../ecosystems/types.js';

/**
 * The config that reviews this PR: the workspace's, or the base commit's when the head is untrusted.
 * A base file that cannot be read (not missing: refused, unreachable) leaves the base's policy unknown,
 * so the review falls back to what needs no policy: the built-in analyzers, and no command at all.
 */
export async function loadConfigFor(
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
export const NO_PROBE: Probe = {
  which: () => Promise.resolve(undefined),
  exists: () => Promise.resolve(false),
};
