// Errors with a stable `code`, and one way to turn anything thrown into a message.

export type ErrorCode =
  | 'API_FAILED'
  | 'COMMAND_INVALID'
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'EVENT_INVALID'
  | 'GIT_FAILED'
  | 'BASE_FILE_UNREADABLE'
  | 'PLAN_INVALID'
  | 'POLICY_DENIED'
  | 'SANDBOX_FAILED'
  | 'USAGE';

export class KiloError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KiloError';
    this.code = code;
  }
}

export function isKiloError(error: unknown): error is KiloError {
  return error instanceof KiloError;
}

export function getErrorMessage(error: unknown): string {
  // By shape, not instanceof: errors from another realm (a VM context, a worker) are not `Error`s here.
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as { message: string }).message;
  }
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
