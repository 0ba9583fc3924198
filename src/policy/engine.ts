// The hub of the policy: every gate, command, write, read, post and budget charge asks decide(), and
// every answer is recorded (and traced by the caller's hook) with the rule that made it.
import type { PrContext } from '../context/types.js';
import type { Budgets, BudgetName, KiloConfig } from './schema.js';
import { pathMatcher } from './glob.js';
import type { Decision, LlmPurpose, PolicyRequest, RecordedDecision } from './types.js';

export interface PolicyEngineOptions {
  config: KiloConfig;
  context: PrContext;
  /** Called with every decision (the pipeline traces them). */
  onDecision?: (decision: RecordedDecision) => void;
}

export class PolicyEngine {
  private readonly config: KiloConfig;
  private readonly context: PrContext;
  private readonly onDecision: (decision: RecordedDecision) => void;
  private readonly isProtected: (path: string) => boolean;
  private readonly isSecretName: (lowerCaseName: string) => boolean;
  private readonly commandPatterns: RegExp[];
  private readonly used: Record<BudgetName, number>;
  private readonly recorded: RecordedDecision[] = [];

  constructor(options: PolicyEngineOptions) {
    this.config = options.config;
    this.context = options.context;
    this.onDecision = options.onDecision ?? (() => undefined);
    const protectedPaths = this.config.policy['protected-paths'];
    this.isProtected = protectedPaths.length ? pathMatcher(protectedPaths) : () => false;
    this.isSecretName = pathMatcher(SECRET_FILE_GLOBS);
    this.commandPatterns = this.config.policy.commands.allow.map(wildcardToRegExp);
    this.used = { subtasks: 0, 'wall-seconds': 0, 'api-calls': 0, 'llm-tokens': 0, comments: 0 };
  }

  decide(request: PolicyRequest): Decision {
    const decision = this.evaluate(request);
    const recorded = { ...decision, request };
    this.recorded.push(recorded);
    this.onDecision(recorded);
    return decision;
  }

  /** A query, not a decision: the planner filters files with it without one trace entry per file. */
  isProtectedPath(path: string): boolean {
    return this.isProtected(path);
  }

  decisions(): readonly RecordedDecision[] {
    return this.recorded;
  }

  budgets(): Array<{ name: BudgetName; used: number; limit: number }> {
    const limits: Budgets = this.config.policy.budgets;
    return (Object.keys(limits) as BudgetName[]).map((name) => ({
      name,
      used: this.used[name],
      limit: limits[name],
    }));
  }

  private evaluate(request: PolicyRequest): Decision {
    switch (request.kind) {
      case 'gate':
        return this.gate(request.requested === true);
      case 'command':
        return this.command(request.command);
      case 'write':
        return this.isProtected(request.path)
          ? deny('protected-paths', `${request.path} is a protected path`)
          : allow('protected-paths', `${request.path} is not protected`);
      case 'read':
        return this.read(request.path);
      case 'post':
        if (this.context.fork && this.config.policy.forks === 'report-only') {
          return deny('forks', 'fork PR in report-only mode: the report goes to the job summary');
        }
        return allow('post', `posting a ${request.what} is allowed`);
      case 'budget':
        return request.spent
          ? this.spend(request.budget, request.amount)
          : this.charge(request.budget, request.amount);
      case 'llm-call':
        return this.llmCall(request.purpose, request.tokens);
    }
  }

  private gate(requested: boolean): Decision {
    const { skip, forks } = this.config.policy;
    const ctx = this.context;
    if (!requested) {
      if (skip.drafts && ctx.draft) return deny('skip.drafts', 'the PR is a draft');
      const label = ctx.labels.find((name) => skip.labels.includes(name));
      if (label !== undefined) return deny('skip.labels', `the PR has the label ${label}`);
      if (skip.authors.includes(ctx.author))
        return deny('skip.authors', `the author ${ctx.author} is skipped`);
    }
    if (ctx.fork && forks === 'skip') return deny('forks', 'fork PRs are skipped by policy');
    const maxFiles = this.config.policy['max-files'];
    if (ctx.files.length > maxFiles) {
      // A push or a whole-repository review (number 0) has no PR to speak of.
      const what = ctx.number > 0 ? 'the PR changes' : 'the review covers';
      return deny('max-files', `${what} ${ctx.files.length} files, more than max-files (${maxFiles})`);
    }
    return allow(
      'gates',
      requested ? 'asked for by hand: only the fork and size gates apply' : 'no gate applies',
    );
  }

  private command(command: string): Decision {
    if (this.context.event === 'pull_request_target') {
      return deny('safe-mode', 'pull_request_target never runs commands from the PR head');
    }
    const index = this.commandPatterns.findIndex((pattern) => pattern.test(command));
    if (index < 0) return deny('commands.allow', `'${command}' matches no pattern in policy.commands.allow`);
    return allow('commands.allow', `'${command}' matches '${this.config.policy.commands.allow[index]}'`);
  }

  /**
   * Reads by the reviewer's tools: relative paths inside the checkout only, never `.git/`, nothing that
   * looks like a credential, nothing protected. Symlinks are the caller's to resolve: only it sees the disk.
   */
  private read(path: string): Decision {
    const malformed = malformedReadPath(path);
    if (malformed !== undefined) return deny('read.path', malformed);
    const normal = normalizeRepoPath(path);
    if (normal === '') return allow('read', 'the checkout root may be read');
    const segments = normal.split('/');
    if (segments.some((segment) => segment.toLowerCase() === '.git')) {
      return deny('read.git-dir', `${normal} is in .git/`);
    }
    // Lower-cased: a case-insensitive file system opens `.ENV` as `.env`.
    if (this.isSecretName((segments.at(-1) ?? '').toLowerCase())) {
      return deny('read.secret-path', `${normal} looks like a secret`);
    }
    if (this.isProtected(normal)) return deny('protected-paths', `${normal} is a protected path`);
    return allow('read', `${normal} may be read`);
  }

  private charge(budget: BudgetName, amount: number): Decision {
    const limit = this.config.policy.budgets[budget];
    const next = this.used[budget] + amount;
    if (next > limit) return deny(`budgets.${budget}`, `${budget} budget exhausted (${next} > ${limit})`);
    this.used[budget] = next;
    return allow(`budgets.${budget}`, `${budget}: ${next} of ${limit}`);
  }

  /** What was already used is counted whatever the limit; the next request is refused once it is over. */
  private spend(budget: BudgetName, amount: number): Decision {
    const limit = this.config.policy.budgets[budget];
    this.used[budget] += amount;
    const used = this.used[budget];
    return used > limit
      ? deny(`budgets.${budget}`, `${budget} budget exhausted (${used} > ${limit})`)
      : allow(`budgets.${budget}`, `${budget}: ${used} of ${limit}`);
  }

  /** Reserves nothing: the caller charges what the call really used with a `spent` budget request. */
  private llmCall(purpose: LlmPurpose, tokens: number): Decision {
    const llm = this.config.llm;
    if (!llm[purpose]) return deny(`llm.${purpose}`, `llm.${purpose} is off in the config`);
    if (tokens > llm['max-tokens']) {
      return deny(
        'llm.max-tokens',
        `the request needs up to ${tokens} tokens, more than llm.max-tokens (${llm['max-tokens']})`,
      );
    }
    const limit = this.config.policy.budgets['llm-tokens'];
    const used = this.used['llm-tokens'];
    if (used + tokens > limit) {
      return deny(
        'budgets.llm-tokens',
        `llm-tokens budget exhausted: ${used} of ${limit} used, the request needs up to ${tokens}`,
      );
    }
    return allow(
      'budgets.llm-tokens',
      `llm-tokens: ${used} of ${limit} used, the request needs up to ${tokens}`,
    );
  }
}

/**
 * File names that look like credentials, matched against the last segment of a read path, lower-cased:
 * dotenv files (`.env.example` too: it is often a copy with the values left in), private keys and
 * certificates, SSH keys, package-manager and netrc credentials, git's credential store, cloud
 * credential files and password databases.
 */
export const SECRET_FILE_GLOBS: readonly string[] = [
  '.env',
  '.env.*',
  '*.pem',
  '*.key',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '*.p12',
  '*.pfx',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  'credentials*.json',
  '*.kdbx',
];

/** Why a read path is refused before it is normalised, or undefined when its shape is fine. */
function malformedReadPath(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (path.includes('\0')) return 'the path contains a NUL byte';
  if (path.startsWith('/')) return `${path} is absolute: paths are relative to the checkout root`;
  if (path.split('/').includes('..')) return `${path} has a .. segment: paths stay inside the checkout`;
  return undefined;
}

/**
 * A relative path with posix semantics minus `..` (refused before): `./a//b/./c/` → `a/b/c`. The
 * empty string is the checkout root (`.`, `./`).
 */
export function normalizeRepoPath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/** `npx eslint*` → /^npx eslint.*$/ : only `*` is special, it matches anything. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's');
}

const allow = (rule: string, reason: string): Decision => ({ allow: true, rule, reason });
const deny = (rule: string, reason: string): Decision => ({ allow: false, rule, reason });
