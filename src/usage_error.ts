/**
 * The one error every layer may raise for the person at the keyboard: bad usage or bad input
 * (a wrong key, an unreachable Flickr, an archive that is not writable). `main.ts` prints it as
 * one line with a hint and exits 2, never with a stack trace.
 *
 * Tested by src/archive/pipeline_test.ts, src/cli/command_test.ts and src/cli/failure_test.ts.
 * @module
 */

/** Bad usage or bad input: printed as one line with a hint, exit code 2, never a stack trace. */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}
