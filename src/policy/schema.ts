// The one schema of `.github/kilo.yml`. Strict (unknown keys are errors), every value defaulted.
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const OUTPUT_FORMATS = ['eslint-json', 'exit-code'] as const;
export const BUILTIN_ANALYZERS = ['secrets', 'conflict-markers'] as const;

const taskSchema = z
  .object({
    name: nonEmpty.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" and "-" only'),
    run: nonEmpty,
    format: z.enum(OUTPUT_FORMATS).default('exit-code'),
    paths: z.array(nonEmpty).optional(),
    'timeout-seconds': z.number().int().positive().max(3600).default(300),
  })
  .strict();

const budgetsSchema = z
  .object({
    subtasks: z.number().int().positive().default(50),
    'wall-seconds': z.number().int().positive().default(900),
    'api-calls': z.number().int().positive().default(300),
    'llm-tokens': z.number().int().nonnegative().default(200_000),
    comments: z.number().int().nonnegative().default(30),
  })
  .strict();

const policySchema = z
  .object({
    skip: z
      .object({
        drafts: z.boolean().default(true),
        labels: z.array(nonEmpty).default(['kilo:skip']),
        authors: z.array(nonEmpty).default(['dependabot[bot]']),
      })
      .strict()
      .prefault({}),
    forks: z.enum(['report-only', 'skip', 'full']).default('report-only'),
    'protected-paths': z.array(nonEmpty).default(['.github/workflows/**']),
    'max-files': z.number().int().positive().default(3000),
    concurrency: z.number().int().positive().max(64).default(2),
    budgets: budgetsSchema.prefault({}),
    commands: z
      .object({
        allow: z
          .array(nonEmpty)
          .default(['npx eslint*', 'npx prettier*', 'npx tsc*', 'npm test*', 'npm run *']),
      })
      .strict()
      .prefault({}),
  })
  .strict();

const llmSchema = z
  .object({
    review: z.boolean().default(true),
    plan: z.boolean().default(false),
    'max-tokens': z.number().int().positive().default(200_000),
  })
  .strict();

export const configSchema = z
  .object({
    version: z.literal(1).default(1),
    policy: policySchema.prefault({}),
    tasks: z
      .object({
        analyze: z.array(taskSchema).default([]),
        refactor: z.array(taskSchema).default([]),
        test: z.array(taskSchema).default([]),
      })
      .strict()
      .prefault({}),
    llm: llmSchema.prefault({}),
  })
  .strict();

/** The config as written in YAML (everything optional). */
export type ConfigInput = z.input<typeof configSchema>;
/** The config after defaults: every value present. */
export type KiloConfig = z.output<typeof configSchema>;
export type TaskConfig = KiloConfig['tasks']['analyze'][number];
export type Budgets = KiloConfig['policy']['budgets'];
export type BudgetName = keyof Budgets;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export type BuiltinAnalyzer = (typeof BUILTIN_ANALYZERS)[number];
