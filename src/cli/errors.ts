import type { Diagnostic } from '../index.js';

/** A failure the CLI reports without a stack trace: usage (exit 2) or query (exit 1). */
export class CliError extends Error {
  /** The command's usage line, shown under usage errors. */
  usage?: string;

  constructor(message: string, readonly exitCode: 1 | 2, readonly help?: string) {
    super(message);
  }
}

/**
 * A failure reported as diagnostics (rendered by main with their source
 * lines when `sources` has them): files that cannot be read or written,
 * exit 2 unless said otherwise.
 */
export class DiagnosticsError extends CliError {
  constructor(readonly diagnostics: readonly Diagnostic[], exitCode: 1 | 2 = 2, readonly sources: ReadonlyMap<string, string> = new Map()) {
    super('', exitCode);
  }
}

export const usageError = (message: string, help?: string) => new CliError(message, 2, help);
export const queryError = (message: string, help?: string) => new CliError(message, 1, help);
