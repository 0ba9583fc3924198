// Shared by the review-tool tests: a real temp git checkout with secrets, protected files and symlinks
// committed on purpose, and the tools over a real PolicyEngine whose decisions are kept.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyEngine } from '../../../src/policy/engine.js';
import { configSchema } from '../../../src/policy/schema.js';
import type { RecordedDecision } from '../../../src/policy/types.js';
import { createReviewTools, type ReviewTools } from '../../../src/llm/tools/review-tools.js';
import type { ReviewBudget, ToolLimits } from '../../../src/llm/tools/types.js';
import { addedFileDiff, makeContext } from '../../../__fixtures__/context.js';
import { createTempRepo, type TempRepo } from '../../../__fixtures__/git.js';

export const PLANTED_KEY = 'AKIAIOSFODNN7EXAMPLE';

/** The redactor the tests pass: the planted key becomes `[KEY]`, nothing else changes. */
export const redactKey = (text: string): string => text.split(PLANTED_KEY).join('[KEY]');

export const FILES: Record<string, string> = {
  'README.md': '# Shop\n',
  'src/a.ts': 'one\ntwo\nthree\n',
  'src/b.ts': 'export const findme = 1;\n',
  'src/c.ts': 'call foo(1);\nconst findyou = 2;\n',
  'src/keys.ts': `export const key = '${PLANTED_KEY}';\n`,
  'src/lib/deep.ts': 'export {};\n',
  'docs/guide.md': 'findme in the docs\n',
  '.env': 'TOKEN=findme-secret\n',
  '.github/workflows/ci.yml': 'name: findme\n',
  'vendor/private/notes.txt': 'findme privately\n',
};

export interface ToolsSetup {
  repo: TempRepo;
  tools: ReviewTools;
  budget: ReviewBudget;
  decisions: RecordedDecision[];
}

/** Links committed with the files: two leading out of the checkout, two staying inside (one to .env). */
function commitRepo(): TempRepo {
  const repo = createTempRepo('kilo-tools-');
  repo.write(FILES);
  symlinkSync('/etc', join(repo.dir, 'etc-link'));
  symlinkSync('/etc/passwd', join(repo.dir, 'passwd-link'));
  symlinkSync('src/a.ts', join(repo.dir, 'a-link.ts'));
  // Inside the checkout, but to a secret: judged by its target.
  symlinkSync('.env', join(repo.dir, 'notes.txt'));
  repo.commit('fixture');
  return repo;
}

export function setupTools(
  options: { limits?: Partial<ToolLimits>; budget?: number; repo?: TempRepo } = {},
): ToolsSetup {
  const repo = options.repo ?? commitRepo();
  const decisions: RecordedDecision[] = [];
  const policy = new PolicyEngine({
    config: configSchema.parse({
      policy: { 'protected-paths': ['.github/workflows/**', 'vendor/private/**'] },
    }),
    context: makeContext(addedFileDiff('src/a.ts', ['one'])),
    onDecision: (decision) => decisions.push(decision),
  });
  const budget = { remaining: options.budget ?? 1024 * 1024 };
  const tools = createReviewTools({
    checkout: repo.dir,
    decide: (request) => policy.decide(request),
    redact: redactKey,
    budget,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  return { repo, tools, budget, decisions };
}

/** The result of a call as the model reads it: the text, or the error. */
export function ok(text: string) {
  return { ok: true, text, bytes: Buffer.byteLength(text) };
}

export function failed(error: string, denied?: string) {
  return { ok: false, error, bytes: Buffer.byteLength(error), ...(denied ? { denied } : {}) };
}
