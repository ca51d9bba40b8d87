/**
 * The shape every subcommand shares: a name, a help text, and a `run` that returns the exit code.
 * Exit codes follow the design contract: 0 done, 1 finished but something needs attention,
 * 2 bad usage or bad input.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../usage_error.ts";
import { DEFAULTS } from "../defaults.ts";
import { type Audience, AUDIENCES } from "../catalog/audience.ts";

/** A subcommand of `flickrvault`. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  run(argv: string[]): Promise<number>;
}

export { UsageError } from "../usage_error.ts";

/** Options every command takes. */
export const commonOptions = {
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** The archive option shared by commands that read or write an archive. */
export const archiveOption = {
  archive: { type: "string" },
} as const satisfies ParseArgsConfig["options"];

/**
 * Parses `argv` strictly; an unknown option becomes a {@link UsageError} that names the command's help.
 *
 * @example
 * ```ts
 * const { values } = parseCommandArgs("status", argv, { json: { type: "boolean" } });
 * ```
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig["options"]>>(
  command: string,
  argv: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args: argv,
      options: { ...commonOptions, ...options },
      strict: true,
      allowPositionals,
    });
  } catch (e) {
    const msg = (e as Error).message.split("\n")[0].replace(/\. To specify a positional.*$/, "");
    throw new UsageError(msg, seeHelp(command));
  }
}

/** "see 'flickrvault status --help'"; `command` is "" for `flickrvault` with no command. */
function seeHelp(command: string): string {
  return `see 'flickrvault ${command ? `${command} ` : ""}--help'`;
}

/** The archive directory: `--archive`, else `$FLICKRVAULT_ARCHIVE`, else the default. */
export function archiveDir(value: string | undefined): string {
  return value ?? Deno.env.get("FLICKRVAULT_ARCHIVE") ?? DEFAULTS.archiveDir;
}

/** Parses a whole number option of at least 1 (`--concurrency`), or throws a {@link UsageError}. */
export function positiveInt(
  command: string,
  name: string,
  value: string | undefined,
  fallback: number,
): number {
  return wholeNumber(command, name, value, fallback, 1);
}

/**
 * Parses a whole number option of at least `min` (default 0, for options where 0 means something:
 * `--port 0` picks a free port, `--rate 0` sets no limit), or throws a {@link UsageError}.
 */
export function wholeNumber(
  command: string,
  name: string,
  value: string | undefined,
  fallback: number,
  min = 0,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min) {
    throw new UsageError(
      `--${name} takes a whole number${min > 0 ? ` of at least ${min}` : ""}, not '${value}'`,
      seeHelp(command),
    );
  }
  return n;
}

/**
 * The one folder a command writes to (`site DIR`, `export DIR`), or a {@link UsageError} saying
 * `missing` when none is given.
 */
export function oneFolder(
  command: string,
  positionals: string[],
  missing: string,
  hint = `see 'flickrvault ${command} --help'`,
): string {
  if (positionals.length === 1) return positionals[0];
  throw new UsageError(
    positionals.length === 0 ? missing : `${command} takes one folder, not ${positionals.length}`,
    hint,
  );
}

/** An option that takes one of two words (`--by album|date`), or a {@link UsageError}. */
export function eitherOf<A extends string, B extends string>(
  command: string,
  name: string,
  value: string,
  choices: [A, B],
): A | B {
  if (value === choices[0] || value === choices[1]) return value as A | B;
  throw new UsageError(
    `--${name} takes '${choices[0]}' or '${choices[1]}', not '${value}'`,
    `see 'flickrvault ${command} --help'`,
  );
}

/** An option that takes one of a few words (`--privacy public|friends|family|all`). */
export function oneOf<T extends string>(
  command: string,
  name: string,
  value: string,
  choices: readonly T[],
): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    `--${name} takes ${choices.map((c) => `'${c}'`).join(", ")}, not '${value}'`,
    `see 'flickrvault ${command} --help'`,
  );
}

/**
 * `--privacy WHO` in the help of every command that takes it (`export`, `site`): the same words
 * for the same rule (`src/catalog/audience.ts`); each command adds a line on what an earlier run
 * wrote of what is now left out.
 */
export const PRIVACY_HELP =
  `  --privacy WHO    Only what Flickr showed to WHO: 'public', 'friends' (public and
                   friends' photos), 'family' (public and family's), or 'all' (default).
                   A photo whose privacy is unknown counts as not public.`;

/** Parses `--privacy` (default 'all'), or throws a {@link UsageError}. */
export function privacyOption(command: string, value: string | undefined): Audience {
  return oneOf(command, "privacy", value ?? "all", AUDIENCES);
}

/** Resolves at the first Ctrl-C (SIGINT) or, outside Windows, SIGTERM: for commands that serve. */
export function untilInterrupted(): Promise<void> {
  return new Promise<void>((resolveStop) => {
    const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
    const stop = () => {
      for (const s of signals) Deno.removeSignalListener(s, stop);
      resolveStop();
    };
    for (const s of signals) Deno.addSignalListener(s, stop);
  });
}

/** Parses `--sidecar-name` ('file' or 'basename'), or throws a {@link UsageError}. */
export function sidecarNaming(
  command: string,
  value: string | undefined,
): "file" | "basename" | undefined {
  if (value === undefined || value === "file" || value === "basename") return value;
  throw new UsageError(
    `--sidecar-name takes 'file' (photo.jpg.xmp) or 'basename' (photo.xmp), not '${value}'`,
    `see 'flickrvault ${command} --help'`,
  );
}
