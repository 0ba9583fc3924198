import { describe, expect, it } from '@jest/globals';
import { PolicyEngine, wildcardToRegExp } from '../../src/policy/engine.js';
import { configSchema, type ConfigInput } from '../../src/policy/schema.js';
import type { RecordedDecision } from '../../src/policy/types.js';
import { addedFileDiff, makeContext } from '../../__fixtures__/context.js';

function engine(
  config: ConfigInput = {},
  overrides: Parameters<typeof makeContext>[1] = {},
  diff = addedFileDiff('a.ts', ['x']),
) {
  const seen: RecordedDecision[] = [];
  const policy = new PolicyEngine({
    config: configSchema.parse(config),
    context: makeContext(diff, overrides),
    onDecision: (d) => seen.push(d),
  });
  return { policy, seen };
}

describe('PolicyEngine gates', () => {
  it.each([
    ['a draft', {}, { draft: true }, false, 'skip.drafts'],
    [
      'a draft when drafts are reviewed',
      { policy: { skip: { drafts: false } } },
      { draft: true },
      true,
      'gates',
    ],
    ['a skip label', {}, { labels: ['bug', 'kilo:skip'] }, false, 'skip.labels'],
    ['a skipped author', {}, { author: 'dependabot[bot]' }, false, 'skip.authors'],
    ['a fork with forks: skip', { policy: { forks: 'skip' } }, { fork: true }, false, 'forks'],
    ['a fork in report-only mode', {}, { fork: true }, true, 'gates'],
    ['an ordinary PR', {}, {}, true, 'gates'],
  ] as const)('decides %s', (_name, config, context, allow, rule) => {
    const { policy } = engine(config as ConfigInput, context as Parameters<typeof makeContext>[1]);
    expect(policy.decide({ kind: 'gate' })).toMatchObject({ allow, rule });
  });

  it.each([
    ['a draft', {}, { draft: true }, true, 'gates'],
    ['a skip label', {}, { labels: ['kilo:skip'] }, true, 'gates'],
    ['a skipped author', {}, { author: 'dependabot[bot]' }, true, 'gates'],
    ['a fork with forks: skip', { policy: { forks: 'skip' } }, { fork: true }, false, 'forks'],
  ] as const)(
    'decides %s asked for by hand: only the fork and size gates still apply',
    (_n, config, context, allow, rule) => {
      const { policy } = engine(config as ConfigInput, context as Parameters<typeof makeContext>[1]);
      expect(policy.decide({ kind: 'gate', requested: true })).toMatchObject({ allow, rule });
    },
  );

  it('skips a PR over max-files', () => {
    const diff = addedFileDiff('a.ts', ['x']) + addedFileDiff('b.ts', ['y']);
    const { policy } = engine({ policy: { 'max-files': 1 } }, {}, diff);
    expect(policy.decide({ kind: 'gate' })).toMatchObject({ allow: false, rule: 'max-files' });
  });
});

describe('PolicyEngine commands, writes and posts', () => {
  it('allows only commands matching the allowlist, matched whole', () => {
    const { policy } = engine({ policy: { commands: { allow: ['npx eslint*', 'npm test'] } } });
    expect(policy.decide({ kind: 'command', command: 'npx eslint --format json {files}' }).allow).toBe(true);
    expect(policy.decide({ kind: 'command', command: 'npm test' }).allow).toBe(true);
    expect(policy.decide({ kind: 'command', command: 'npm test && curl evil' })).toMatchObject({
      allow: false,
      rule: 'commands.allow',
    });
    expect(policy.decide({ kind: 'command', command: 'rm -rf /' }).allow).toBe(false);
  });

  it('never runs commands on pull_request_target (safe mode)', () => {
    const { policy } = engine({}, { event: 'pull_request_target' });
    expect(policy.decide({ kind: 'command', command: 'npm test' })).toMatchObject({
      allow: false,
      rule: 'safe-mode',
    });
  });

  it('denies writes to protected paths', () => {
    const { policy } = engine();
    expect(policy.decide({ kind: 'write', path: '.github/workflows/ci.yml' })).toMatchObject({
      allow: false,
      rule: 'protected-paths',
    });
    expect(policy.decide({ kind: 'write', path: 'src/a.ts' }).allow).toBe(true);
    expect(policy.isProtectedPath('.github/workflows/x/y.yml')).toBe(true);
  });

  it('protects a path whose name holds a newline or another line terminator', () => {
    const { policy } = engine();
    for (const name of [
      '.github/workflows/ci\n.yml',
      '.github/workflows/a\r\nb.yml',
      '.github/workflows/\u2028.yml',
    ])
      expect(policy.decide({ kind: 'write', path: name })).toMatchObject({
        allow: false,
        rule: 'protected-paths',
      });
  });

  it('sends fork reports to the job summary in report-only mode', () => {
    expect(engine({}, { fork: true }).policy.decide({ kind: 'post', what: 'review' })).toMatchObject({
      allow: false,
      rule: 'forks',
    });
    expect(
      engine({ policy: { forks: 'full' } }, { fork: true }).policy.decide({ kind: 'post', what: 'review' })
        .allow,
    ).toBe(true);
  });
});

describe('PolicyEngine budgets', () => {
  it('charges until the limit and refuses the charge that would exceed it', () => {
    const { policy } = engine({ policy: { budgets: { comments: 3 } } });
    expect(policy.decide({ kind: 'budget', budget: 'comments', amount: 2 }).allow).toBe(true);
    expect(policy.decide({ kind: 'budget', budget: 'comments', amount: 2 })).toMatchObject({
      allow: false,
      rule: 'budgets.comments',
    });
    expect(policy.decide({ kind: 'budget', budget: 'comments', amount: 1 }).allow).toBe(true);
    expect(policy.budgets().find((b) => b.name === 'comments')).toEqual({
      name: 'comments',
      used: 3,
      limit: 3,
    });
  });

  it('records every decision with its request', () => {
    const { policy, seen } = engine();
    policy.decide({ kind: 'gate' });
    policy.decide({ kind: 'command', command: 'nope' });
    expect(seen.map((d) => [d.request.kind, d.allow])).toEqual([
      ['gate', true],
      ['command', false],
    ]);
    expect(policy.decisions()).toEqual(seen);
  });
});

describe('wildcardToRegExp', () => {
  it('treats only * as special', () => {
    expect(wildcardToRegExp('npm run *').test('npm run lint -- ../x')).toBe(true);
    expect(wildcardToRegExp('node scripts/a.mjs').test('node scripts/aXmjs')).toBe(false);
    expect(wildcardToRegExp('npm test').test('npm test2')).toBe(false);
  });
});

describe('PolicyEngine LLM calls', () => {
  it('refuses a purpose that is off, naming its switch', () => {
    const { policy } = engine({ llm: { review: false } });
    expect(policy.decide({ kind: 'llm-call', purpose: 'review', tokens: 10 })).toMatchObject({
      allow: false,
      rule: 'llm.review',
    });
    // llm.plan is opt-in: off by default.
    expect(policy.decide({ kind: 'llm-call', purpose: 'plan', tokens: 10 })).toMatchObject({
      allow: false,
      rule: 'llm.plan',
    });
  });

  it('refuses a request over llm.max-tokens', () => {
    const { policy } = engine({ llm: { 'max-tokens': 1000 } });
    expect(policy.decide({ kind: 'llm-call', purpose: 'review', tokens: 1000 }).allow).toBe(true);
    expect(policy.decide({ kind: 'llm-call', purpose: 'review', tokens: 1001 })).toMatchObject({
      allow: false,
      rule: 'llm.max-tokens',
    });
  });

  it('checks the token budget before a call without reserving, and counts what was spent', () => {
    const { policy } = engine({ policy: { budgets: { 'llm-tokens': 1000 } } });
    expect(policy.decide({ kind: 'llm-call', purpose: 'review', tokens: 900 }).allow).toBe(true);
    // Asking reserves nothing: only the spent charge counts.
    expect(policy.budgets().find((b) => b.name === 'llm-tokens')?.used).toBe(0);
    expect(policy.decide({ kind: 'budget', budget: 'llm-tokens', amount: 700, spent: true })).toMatchObject({
      allow: true,
      rule: 'budgets.llm-tokens',
    });
    expect(policy.decide({ kind: 'llm-call', purpose: 'review', tokens: 400 })).toMatchObject({
      allow: false,
      rule: 'budgets.llm-tokens',
    });
    expect(policy.decide({ kind: 'llm-call', purpose: 'review', tokens: 300 }).allow).toBe(true);
  });

  it('records spent tokens past the limit (they were used) and refuses every call after', () => {
    const { policy } = engine({ policy: { budgets: { 'llm-tokens': 100 } } });
    expect(policy.decide({ kind: 'budget', budget: 'llm-tokens', amount: 150, spent: true })).toMatchObject({
      allow: false,
      rule: 'budgets.llm-tokens',
    });
    expect(policy.budgets().find((b) => b.name === 'llm-tokens')).toEqual({
      name: 'llm-tokens',
      used: 150,
      limit: 100,
    });
    expect(policy.decide({ kind: 'llm-call', purpose: 'review', tokens: 1 }).allow).toBe(false);
  });

  it('still refuses an unspent charge past the limit without counting it', () => {
    const { policy } = engine({ policy: { budgets: { 'llm-tokens': 100 } } });
    expect(policy.decide({ kind: 'budget', budget: 'llm-tokens', amount: 150 }).allow).toBe(false);
    expect(policy.budgets().find((b) => b.name === 'llm-tokens')?.used).toBe(0);
  });
});
