// The arguments of the reviewer's read-only tools as strict zod schemas: validated on every call, and
// turned into the JSON Schema of the model's tool definitions.
import { z } from 'zod';

export const REVIEW_TOOL_NAMES = ['read_file', 'search', 'list_files'] as const;
export type ReviewToolName = (typeof REVIEW_TOOL_NAMES)[number];

const repoPath = z.string().describe('A path relative to the checkout root, e.g. src/index.ts.');
const lineNumber = z.int().positive();

export const readFileArgs = z.strictObject({
  path: repoPath,
  start_line: lineNumber.optional().describe('First line to return, 1-based (default 1).'),
  end_line: lineNumber.optional().describe('Last line to return, inclusive (default the last line).'),
});

export const searchArgs = z.strictObject({
  pattern: z
    .string()
    .min(1)
    .describe('An extended regular expression; a pattern that is not one is searched as a fixed string.'),
  path_glob: z
    .string()
    .min(1)
    .optional()
    .describe('Only files whose path matches this glob, e.g. src/**/*.ts.'),
});

export const listFilesArgs = z.strictObject({
  path: repoPath.optional().describe('A directory relative to the checkout root (default the root).'),
});

export type ReadFileArgs = z.infer<typeof readFileArgs>;
export type SearchArgs = z.infer<typeof searchArgs>;
export type ListFilesArgs = z.infer<typeof listFilesArgs>;

export const reviewToolSchemas = {
  read_file: readFileArgs,
  search: searchArgs,
  list_files: listFilesArgs,
} as const satisfies Record<ReviewToolName, z.ZodType>;

export function isReviewToolName(name: string): name is ReviewToolName {
  return (REVIEW_TOOL_NAMES as readonly string[]).includes(name);
}

/** What each tool does, as the model reads it in the tool definitions. */
export const REVIEW_TOOL_DESCRIPTIONS: Readonly<Record<ReviewToolName, string>> = {
  read_file:
    'Read lines of a file of the repository at the pull request head, numbered "12: text". Large files are cut; ask for a line range.',
  search:
    'Search the files of the repository at the pull request head; returns matching lines as "path:line: text", capped.',
  list_files:
    'List the entries of a directory of the repository at the pull request head (directories end in /).',
};
