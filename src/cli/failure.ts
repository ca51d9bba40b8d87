/**
 * The one place where a command's failure becomes what the design contract promises: a line
 * `flickrvault <command>: <reason>` naming the file or service, a `hint:` line, exit code 2, and
 * never a stack trace. `main.ts` sends every error a command throws (and any that escapes it)
 * here.
 *
 * libSQL's codes and the operating system's errors each become words a person can act on; an
 * error none of them explains is a bug, said as such in one line (`FLICKRVAULT_DEBUG=1` prints
 * the stack for a report).
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import { LibsqlError } from "@libsql/client";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../usage_error.ts";
import { CATALOG_FILE, CatalogError, catalogFailure, openCatalog } from "../catalog/db.ts";
import { ArchiveLockedError } from "../catalog/lock.ts";
import { FlickrError } from "../flickr/errors.ts";

/** A failure in the contract's form. */
export interface Failure {
  /** One line, without the `flickrvault <command>: ` prefix. */
  message: string;
  hint?: string;
  /** The exit code: 2 (bad usage or input, or a run that could not go on). */
  code: number;
}

/** Where the command was working, so that a bare libSQL error can name the catalog. */
export interface FailureContext {
  /** The archive folder, when the command has one. */
  archiveDir?: string;
  /** Whether the command writes the archive (`archive`, `import`, `verify`). */
  writes?: boolean;
}

/** The person's words for `e`. */
export function describeFailure(e: unknown, ctx: FailureContext = {}): Failure {
  if (e instanceof UsageError || e instanceof CatalogError) {
    return { message: e.message, hint: e.hint, code: 2 };
  }
  if (e instanceof ArchiveLockedError) return { message: e.message, hint: e.hint, code: 2 };
  if (e instanceof FlickrError) {
    return {
      message: e.message,
      hint: e.hint ??
        (e.permanent
          ? "check --flickr-origin and the network; run again later if Flickr is down"
          : "Flickr did not answer in time; run again later: the run continues where it stopped"),
      code: 2,
    };
  }
  const catalog = ctx.archiveDir ? join(resolve(ctx.archiveDir), CATALOG_FILE) : CATALOG_FILE;
  if (e instanceof LibsqlError) {
    const known = catalogFailure(e, ctx.writes ? "write" : "read", catalog);
    if (known) return { message: known.message, hint: known.hint, code: 2 };
    return {
      message: `Cannot use the archive: ${catalog} answered ${e.code} (${
        firstLine(e.message).replace(/^(?:SQLITE_\w+: )+/, "")
      })`,
      hint: "run `flickrvault verify`; if this repeats, report it with FLICKRVAULT_DEBUG=1 output",
      code: 2,
    };
  }
  const os = osFailure(e);
  if (os) return os;
  return {
    message: `unexpected error: ${firstLine(e instanceof Error ? e.message : String(e))}`,
    hint: "this is a bug in flickrvault; run again with FLICKRVAULT_DEBUG=1 for the details to " +
      "report. Nothing archived is lost: files appear only complete",
    code: 2,
  };
}

/** The operating system's errors (a file-system call that failed), or undefined. */
export function osFailure(e: unknown): Failure | undefined {
  if (!(e instanceof Error)) return undefined;
  const text = e.message;
  const os = /\(os error (\d+)\)/.exec(text);
  const code = (e as { code?: unknown }).code;
  const errno = os ? Number(os[1]) : undefined;
  const named = pathOf(text);
  // A temporary name (`photo.jpg.xmp.part-…`) means nothing to the person: its folder does.
  const temp = named !== undefined && /\.(part|tmp)-[^/]*$/.test(named);
  const path = temp ? dirname(named!) : named;
  const where = path ? `${temp ? " in" : ""} ${path}` : "";
  if (errno === 28 || code === "ENOSPC" || errno === 122 || code === "EDQUOT") {
    return {
      message: `Cannot write${where}: the disk is full`,
      hint: "free some space on that disk, then run this again; nothing archived was lost",
      code: 2,
    };
  }
  if (errno === 30 || code === "EROFS") {
    return {
      message: `Cannot write${where}: the disk is read-only`,
      hint: "`serve`, `status` and `list` read a read-only archive as it is; to write, mount " +
        "it writable or pass --archive DIR",
      code: 2,
    };
  }
  if (e instanceof Deno.errors.PermissionDenied || errno === 13 || errno === 1) {
    return {
      message: `Cannot ${temp ? "write" : verbOf(text)}${where}: permission denied`,
      hint: "give this user write access to the archive folder (or run as its owner); " +
        "`serve`, `status` and `list` only read and work as it is",
      code: 2,
    };
  }
  if (e instanceof Deno.errors.NotFound) {
    return {
      message: `Cannot ${verbOf(text)}${where}: it does not exist (was it moved while running?)`,
      hint: "check the path and run this again",
      code: 2,
    };
  }
  if (e instanceof Deno.errors.NotADirectory || e instanceof Deno.errors.IsADirectory) {
    return {
      message: `Cannot ${verbOf(text)}${where}: ${firstLine(text).replace(/ \(os error.*$/, "")}`,
      hint: "a file and a folder are in each other's way there: move one aside",
      code: 2,
    };
  }
  if (errno === 5 || code === "EIO") {
    return {
      message: `Cannot ${verbOf(text)}${where}: the disk reported an input/output error`,
      hint: "check the disk (is it still connected? `dmesg` may say more), then run this again",
      code: 2,
    };
  }
  return undefined;
}

/**
 * {@link describeFailure}, except that an error none of the mappings explains is first checked
 * against the catalog: a damaged page can surface as anything (`malformed JSON` from SQL, a parse
 * error in code that reads a stored answer), and then the damage is the reason to give.
 */
export async function diagnoseFailure(e: unknown, ctx: FailureContext = {}): Promise<Failure> {
  const f = describeFailure(e, ctx);
  const explained = !f.message.startsWith("unexpected error") &&
    !f.message.startsWith("Cannot use the archive");
  if (explained || !ctx.archiveDir) return f;
  try {
    const catalog = await openCatalog(ctx.archiveDir, {
      create: false,
      readonly: true,
      integrityCheck: true,
    });
    await catalog.close();
  } catch (probe) {
    if (probe instanceof CatalogError && probe.kind === "damaged") {
      return { message: probe.message, hint: probe.hint, code: 2 };
    }
  }
  return f;
}

/** Prints `e` in the contract's form for `command` and returns its exit code. */
export async function reportFailure(
  command: string,
  e: unknown,
  ctx: FailureContext = {},
): Promise<number> {
  const f = await diagnoseFailure(e, ctx);
  console.error(`flickrvault${command ? ` ${command}` : ""}: ${f.message}`);
  if (f.hint) console.error(`hint: ${f.hint}`);
  if (Deno.env.get("FLICKRVAULT_DEBUG")) console.error(e instanceof Error ? e.stack : e);
  return f.code;
}

/** The archive folder `argv` names (`--archive DIR` or `--archive=DIR`), else the default. */
export function archiveFromArgv(argv: string[]): string {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--archive" && argv[i + 1] !== undefined) return argv[i + 1];
    if (argv[i].startsWith("--archive=")) return argv[i].slice("--archive=".length);
  }
  return Deno.env.get("FLICKRVAULT_ARCHIVE") || DEFAULTS.archiveDir;
}

function firstLine(text: string): string {
  return text.split("\n")[0].trim();
}

/** Deno quotes the path an OS error was about: `... (os error 13): open '/x/y'`. */
function pathOf(text: string): string | undefined {
  return /: \w+ '([^']+)'(?: -> '[^']+')?\s*$/.exec(firstLine(text))?.[1];
}

/** `open` → "open", `mkdir` → "create", `rename`/`write` → "write", `remove` → "remove". */
function verbOf(text: string): string {
  const call = /: (\w+) '[^']*'/.exec(firstLine(text))?.[1] ?? "";
  if (call === "mkdir") return "create";
  if (call === "remove" || call === "unlink") return "remove";
  if (call === "rename" || call === "write" || call === "copy" || call === "symlink") {
    return "write";
  }
  if (call === "stat" || call === "lstat" || call === "readdir" || call === "read") return "read";
  return "open";
}
