/** A failure the CLI reports without a stack trace: usage (exit 2) or query (exit 1). */
export class CliError extends Error {
  /** The command's usage line, shown under usage errors. */
  usage?: string;

  constructor(message: string, readonly exitCode: 1 | 2, readonly help?: string) {
    super(message);
  }
}

export const usageError = (message: string, help?: string) => new CliError(message, 2, help);
export const queryError = (message: string, help?: string) => new CliError(message, 1, help);
