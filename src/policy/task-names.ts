// The reserved task names: the plan's own tasks, which no configured task may take (the config schema
// refuses them). A leaf module: the schema and the plan types both read it.

/** The name of the suggestion-validation subtask's task. */
export const VALIDATE_TASK_NAME = 'validate-suggestions';

/** The name of the LLM review's task. */
export const LLM_REVIEW_TASK_NAME = 'llm-review';
