// The reviewer's read-only tools (read_file, search, list_files): what the tool loop imports.
export {
  BUDGET_SPENT,
  createReviewTools,
  type ReviewTools,
  type ReviewToolsOptions,
} from './review-tools.js';
export {
  REVIEW_TOOL_DESCRIPTIONS,
  REVIEW_TOOL_NAMES,
  reviewToolSchemas,
  type ListFilesArgs,
  type ReadFileArgs,
  type ReviewToolName,
  type SearchArgs,
} from './schemas.js';
export { DEFAULT_TOOL_LIMITS, type ReviewBudget, type ToolCallResult, type ToolLimits } from './types.js';
