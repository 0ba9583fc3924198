// The one schema of `.github/kilo.yml`. Strict (unknown keys are errors), every value defaulted.
// Descriptions are user-facing: they feed schema/kilo.schema.json and docs/configuration.md.
import picomatch from 'picomatch';
import { z } from 'zod';
import { LLM_REVIEW_TASK_NAME, VALIDATE_TASK_NAME } from './task-names.js';
import { isReservedEnvName } from '../sandbox/env.js';
import { llmSchema } from './llm-schema.js';

const trimmed = z.string().trim().min(1, 'must not be empty');
// zod trims before checking the length; the pattern tells JSON Schema that blank strings are invalid too.
const nonEmpty = trimmed.meta({ pattern: '\\S' });

/** A repository-relative glob that picomatch can compile: a broken one would silently match nothing. */
const glob = nonEmpty.superRefine((value, ctx) => {
  if (value.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `'${value}' must be relative to the repository root (no leading / or ..)`,
    });
    return;
  }
  try {
    picomatch.makeRe(value, { strictBrackets: true });
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a valid glob: ${(error as Error).message}` });
  }
});

/** A variable name a task may ask for; the action's own credentials are refused outright. */
const envName = trimmed
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name (letters, digits, _)')
  .refine((name) => !isReservedEnvName(name), {
    message:
      "is one of the action's own credentials (GITHUB_TOKEN, ACTIONS_*, INPUT_*, LLM keys) and never passes",
  });

export const ANALYZE_FORMATS = [
  'exit-code',
  'eslint-json',
  'tsc',
  'sarif',
  'rdjson',
  'rdjsonl',
  'checkstyle',
  'problem-matcher',
  'gnu',
  'clippy-json',
] as const;
export const TEST_REPORT_FORMATS = ['junit', 'tap', 'jest-json', 'go-test-json', 'cargo-test'] as const;
export const TEST_FORMATS = ['exit-code', ...TEST_REPORT_FORMATS] as const;
export const OUTPUT_FORMATS = [...ANALYZE_FORMATS, ...TEST_REPORT_FORMATS] as const;
export const FILTER_MODES = ['added', 'diff-context', 'file', 'all'] as const;
export const BUILTIN_ANALYZERS = [
  'secrets',
  'conflict-markers',
  'large-files',
  'binary-files',
  'workflow-security',
] as const;
/** Analyze task names Kilo Agent uses itself: a configured task with one would clash in the plan. */
const RESERVED_ANALYZE_NAMES = new Set<string>([...BUILTIN_ANALYZERS, LLM_REVIEW_TASK_NAME]);
/** Placeholder in `run` for a fresh temp file the tool writes its report to. */
export const REPORT_PLACEHOLDER = '{report}';

const relativeFile = nonEmpty.refine((value) => !value.startsWith('/') && !/(^|\/)\.\.(\/|$)/.test(value), {
  message: 'must be a path relative to the repository root (no leading / or ..)',
});

const taskFields = {
  // Built from `trimmed`, not `nonEmpty`: inherited metadata would replace this regex in JSON Schema.
  name: trimmed
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" and "-" only')
    .describe('Task name, unique per kind: letters, digits, ".", "_" and "-".'),
  run: nonEmpty.describe(
    'Command line, run without a shell; {files} expands to the matching changed files, {report} to a fresh temp file for the report.',
  ),
  paths: z
    .array(glob)
    .optional()
    .meta({
      description: 'Globs choosing the changed files handed to the command; without it, every changed file.',
      examples: [['src/**/*.ts']],
    }),
  'timeout-seconds': z
    .number()
    .int()
    .positive()
    .max(3600)
    .default(300)
    .describe("Seconds before the command's whole process group is killed."),
  'working-directory': relativeFile
    .optional()
    .describe(
      'Directory the command runs in, relative to the repository root (a package of a monorepo); {files} are then relative to it. Without it, the repository root.',
    ),
  env: z
    .array(envName)
    .default([])
    .describe(
      "Environment variables passed to the command although they look secret (e.g. NPM_TOKEN); the action's own credentials never pass.",
    ),
};

const reportField = relativeFile
  .optional()
  .describe(
    'File the command writes its report to, relative to where it runs, read instead of stdout; or put {report} in run.',
  );

/** A `{report}` in run and a `report` file at once would leave one of them unread. */
function oneReportSource(task: { run: string; report?: string | undefined }, ctx: z.RefinementCtx): void {
  if (task.report !== undefined && task.run.includes(REPORT_PLACEHOLDER)) {
    ctx.addIssue({
      code: 'custom',
      path: ['report'],
      message: `use either report or ${REPORT_PLACEHOLDER} in run, not both`,
    });
  }
}

const analyzeTaskSchema = z
  .object({
    ...taskFields,
    format: z
      .enum(ANALYZE_FORMATS)
      .default('exit-code')
      .describe(
        'How the output is read: exit-code (exit 0 passes), eslint-json, tsc (--pretty false), sarif, rdjson, rdjsonl, checkstyle, problem-matcher (with matcher), gnu (file:line:col: message lines: flake8, mypy, go vet, shellcheck -f gcc) or clippy-json (cargo --message-format=json). See docs/formats.md.',
      ),
    report: reportField,
    matcher: relativeFile
      .optional()
      .describe(
        'For format problem-matcher: the GitHub problem-matcher JSON file, relative to the repository root.',
      ),
    filter: z
      .enum(FILTER_MODES)
      .default('added')
      .describe(
        'Which findings are reported: added (on lines the PR added), diff-context (anywhere in its hunks), file (in changed files), all.',
      ),
  })
  .strict()
  .superRefine((task, ctx) => {
    oneReportSource(task, ctx);
    if (RESERVED_ANALYZE_NAMES.has(task.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: `'${task.name}' is the name of one of Kilo Agent's own analyzers; choose another`,
      });
    }
    if ((task.format === 'problem-matcher') !== (task.matcher !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['matcher'],
        message:
          task.format === 'problem-matcher'
            ? 'format problem-matcher needs matcher: the matcher JSON file'
            : 'matcher is only read with format: problem-matcher',
      });
    }
  })
  .meta({
    id: 'analyzeTask',
    title: 'analyze task',
    description: 'A read-only check run on the changed files.',
  });

const refactorTaskSchema = z.object(taskFields).strict().meta({
  id: 'refactorTask',
  title: 'refactor task',
  description:
    'A fixer run in a throwaway checkout of head; what it changes on added lines becomes suggestions.',
});

const testTaskSchema = z
  .object({
    ...taskFields,
    format: z
      .enum(TEST_FORMATS)
      .default('exit-code')
      .describe(
        'How results are read: exit-code (exit 0 passes), junit (XML), tap (TAP 13/14, node --test), jest-json (jest --json, vitest --reporter=json), go-test-json (go test -json) or cargo-test (cargo test output). See docs/formats.md.',
      ),
    report: reportField,
    'validate-run': nonEmpty.optional().meta({
      description:
        'Command line for re-running only the tests affected by suggestions during their validation; {files} expands to the files the suggestions change. Without it, run is used.',
      examples: ['npx jest --findRelatedTests {files}'],
    }),
  })
  .strict()
  .superRefine((task, ctx) => {
    oneReportSource(task, ctx);
    if (task.name === VALIDATE_TASK_NAME) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: `'${VALIDATE_TASK_NAME}' is the name of Kilo Agent's own suggestion check; choose another`,
      });
    }
  })
  .meta({ id: 'testTask', title: 'test task', description: 'A test command run on head.' });

const budgetsSchema = z
  .object({
    subtasks: z
      .number()
      .int()
      .positive()
      .default(50)
      .describe('A plan with more subtasks is refused before anything runs.'),
    'wall-seconds': z
      .number()
      .int()
      .positive()
      .default(900)
      .describe('Deadline for the whole plan in seconds; running subtasks are cancelled.'),
    'api-calls': z.number().int().positive().default(300).describe('GitHub API requests a run may make.'),
    'llm-tokens': z
      .number()
      .int()
      .nonnegative()
      .default(200_000)
      .describe('LLM tokens a run may spend; a request that may not fit is not made.'),
    comments: z
      .number()
      .int()
      .nonnegative()
      .default(30)
      .describe('Inline review comments at most; the rest go to the summary.'),
  })
  .strict();

const policySchema = z
  .object({
    skip: z
      .object({
        drafts: z.boolean().default(true).describe('Skip draft pull requests.'),
        labels: z
          .array(nonEmpty)
          .default(['kilo:skip'])
          .describe('Skip pull requests that carry any of these labels.'),
        authors: z
          .array(nonEmpty)
          .default(['dependabot[bot]'])
          .describe('Skip pull requests opened by any of these logins.'),
      })
      .strict()
      .prefault({})
      .describe('Pull requests that are not reviewed at all.'),
    forks: z
      .enum(['report-only', 'skip', 'full'])
      .default('report-only')
      .describe(
        'How pull requests from forks are handled: report-only (job summary and annotations only), skip or full.',
      ),
    'protected-paths': z
      .array(glob)
      .default(['.github/workflows/**'])
      .describe('Globs of files never suggested for change and never handed to a refactor.'),
    limits: z
      .object({
        'cpu-seconds': z
          .number()
          .int()
          .positive()
          .optional()
          .describe('CPU seconds each process of a command may use (enforced with prlimit when installed).'),
        'memory-mb': z
          .number()
          .int()
          .min(1024)
          .optional()
          .describe(
            'Address space per process in MiB (prlimit); Node tools need several GiB of address space, WebAssembly more.',
          ),
      })
      .strict()
      .prefault({})
      .describe('Operating-system limits for every command; none by default (see docs/security.md).'),
    'max-files': z
      .number()
      .int()
      .positive()
      .default(3000)
      .describe('Pull requests changing more files are skipped with a reason.'),
    'large-file-kb': z
      .number()
      .int()
      .positive()
      .default(1024)
      .describe('The large-files analyzer warns about added or changed files bigger than this many KiB.'),
    concurrency: z.number().int().positive().max(64).default(2).describe('Subtasks running at once.'),
    budgets: budgetsSchema
      .prefault({})
      .describe('Limits charged during the run; work beyond one is refused with a reason.'),
    commands: z
      .object({
        allow: z
          .array(nonEmpty)
          .default(['npx eslint*', 'npx prettier*', 'npx tsc*', 'npm test*', 'npm run *'])
          .describe("Patterns a task's run line must match, where * matches anything."),
      })
      .strict()
      .prefault({})
      .describe('Which task commands may run.'),
  })
  .strict();

export const configSchema = z
  .object({
    version: z.literal(1).default(1).describe('Config format version; 1 is the only one.'),
    policy: policySchema
      .prefault({})
      .describe('Which pull requests are reviewed, and what a review may run, touch and spend.'),
    tasks: z
      .object({
        analyze: z
          .array(analyzeTaskSchema)
          .default([])
          .describe(
            'Read-only checks; their findings are filtered to the pull request (see filter) and reported.',
          ),
        refactor: z
          .array(refactorTaskSchema)
          .default([])
          .describe('Fixers run in a throwaway checkout of head; their changes become suggestions.'),
        test: z.array(testTaskSchema).default([]).describe('Test commands run on head.'),
      })
      .strict()
      .prefault({})
      .describe(
        'Commands run on the changed files, by kind; zero-config detects them when the file is absent.',
      ),
    llm: llmSchema
      .prefault({})
      .describe('LLM guidance, used when the action has an llm-provider; without one, nothing here applies.'),
  })
  .strict();

/** The config as written in YAML (everything optional). */
export type ConfigInput = z.input<typeof configSchema>;
/** The config after defaults: every value present. */
export type KiloConfig = z.output<typeof configSchema>;
export type AnalyzeTaskConfig = KiloConfig['tasks']['analyze'][number];
export type RefactorTaskConfig = KiloConfig['tasks']['refactor'][number];
export type TestTaskConfig = KiloConfig['tasks']['test'][number];
export type TaskConfig = AnalyzeTaskConfig | RefactorTaskConfig | TestTaskConfig;
export type Budgets = KiloConfig['policy']['budgets'];
export type BudgetName = keyof Budgets;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export type FilterMode = (typeof FILTER_MODES)[number];
export type BuiltinAnalyzer = (typeof BUILTIN_ANALYZERS)[number];
