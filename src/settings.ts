// Action inputs → one typed Settings object, parsed once; errors name the input at fault.
import { z } from 'zod';
import { KiloError } from './util/errors.js';

const bool = z.enum(['true', 'false']).transform((value) => value === 'true');

const settingsSchema = z.object({
  'github-token': z.string().optional(),
  config: z.string().default('.github/kilo.yml'),
  'dry-run': bool.default(false),
  phase: z.enum(['all', 'plan', 'execute', 'report']).default('all'),
  shard: z
    .string()
    .regex(/^[1-9]\d*\/[1-9]\d*(:[\d,-]*)?$/, "expected i/n, like 1/4, or the plan job's i/n:positions")
    .refine((value) => {
      const [i, n] = value.split(':')[0]!.split('/').map(Number);
      return i !== undefined && n !== undefined && i <= n;
    }, 'shard index must not exceed the shard count')
    .default('1/1'),
  // With phase plan: into how many matrix jobs at most the plan is split (the `shards` output).
  shards: z.coerce.number().int().min(1).max(256).default(1),
  // With phase report: the directory holding every execute job's kilo-results-*.json.
  results: z.string().default('kilo-results'),
  'pr-number': z.coerce.number().int().positive().optional(),
  'fail-on': z.enum(['error', 'warning', 'never']).default('error'),
  'llm-provider': z.enum(['openai-compatible', 'openai', 'anthropic']).optional(),
  'llm-model': z.string().optional(),
  'llm-base-url': z.url().optional(),
  'llm-api-key': z.string().optional(),
  'upload-artifacts': bool.default(false),
  // Reuse results of subtasks whose inputs did not change since an earlier run (the results cache).
  'reuse-results': bool.default(true),
});

const SECRET_INPUTS = new Set(['github-token', 'llm-api-key', 'llm-base-url']);

export type Settings = z.output<typeof settingsSchema>;
export const INPUT_NAMES = Object.keys(settingsSchema.shape) as Array<keyof Settings>;

/**
 * An expression the runner did not expand: action.yml's own default (`${{ github.token }}`) as a local
 * emulator such as @github/local-action passes it. A runner always expands them, so such a value is
 * never a token: it reads as absent.
 */
const UNEXPANDED = /^\$\{\{[^}]*\}\}$/;

/** `getInput` returns '' for an absent input; that means "use the default". */
export function parseSettings(getInput: (name: string) => string): Settings {
  const raw: Record<string, string> = {};
  for (const name of INPUT_NAMES) {
    const value = getInput(name).trim();
    if (value !== '' && !UNEXPANDED.test(value)) raw[name] = value;
  }
  const result = settingsSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? 'inputs');
  const detail =
    issue?.code === 'invalid_value' ? `expected one of ${issue.values.join('|')}` : issue?.message;
  // Never echo values that may carry credentials (tokens, keys, URLs with user:pass@).
  const echo = SECRET_INPUTS.has(name) ? '' : ` (got '${raw[name] ?? ''}')`;
  throw new KiloError('INPUT_INVALID', `input '${name}': ${detail}${echo}`);
}
