/** Bad command line: exit 2 with the message and the command's usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Input that cannot be read or parsed (file, repository, advisory...): exit 2, names the input. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly input: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${input}: ${message}`, options);
  }
}

export function isKnownError(error: unknown): error is UsageError | InputError {
  return error instanceof UsageError || error instanceof InputError;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
