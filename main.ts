/**
 * flickrvault: archive a whole Flickr account to your own disk and browse it offline.
 *
 * `deno run -A main.ts <command> [options]`; `deno run -A main.ts --help` lists the commands.
 * @module
 */
import denoJson from "./deno.json" with { type: "json" };
import type { Command } from "./src/cli/command.ts";
import { archiveFromArgv, reportFailure } from "./src/cli/failure.ts";

/**
 * The subcommands, loaded only when used so that `--help` stays instant. The tests and the README's
 * check walk this table, so a command added here is tested and documented or fails there.
 */
export const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  auth: {
    summary: "Sign in to Flickr (read permission) and store the tokens in the archive",
    load: async () => (await import("./src/cli/auth.ts")).authCommand,
  },
  archive: {
    summary: "Bring the archive up to date with the Flickr account",
    load: async () => (await import("./src/cli/archive.ts")).archiveCommand,
  },
  serve: {
    summary: "Browse the archive in a web browser",
    load: async () => (await import("./src/cli/serve.ts")).serveCommand,
  },
  site: {
    summary: "Write the archive as a static website that opens without a server",
    load: async () => (await import("./src/cli/site.ts")).siteCommand,
  },
  status: {
    summary: "What the archive holds and what is missing",
    load: async () => (await import("./src/cli/status.ts")).statusCommand,
  },
  list: {
    summary: "One line per archived photo or video",
    load: async () => (await import("./src/cli/list.ts")).listCommand,
  },
  verify: {
    summary: "Re-read every archived file and check it against the catalog",
    load: async () => (await import("./src/cli/verify.ts")).verifyCommand,
  },
  import: {
    summary: "Fill the archive from Flickr's own data export",
    load: async () => (await import("./src/cli/import.ts")).importCommand,
  },
  export: {
    summary: "Copy the originals into a folder with the metadata embedded, for other apps",
    load: async () => (await import("./src/cli/export.ts")).exportCommand,
  },
  demo: {
    summary: "Archive a simulated demo account and browse it",
    load: async () => (await import("./src/cli/demo.ts")).demoCommand,
  },
  simulate: {
    summary: "Run the Flickr simulator on its own",
    load: async () => (await import("./src/cli/simulate.ts")).simulateCommand,
  },
};

const VERSION = denoJson.version;

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    `flickrvault ${VERSION}: keep your whole Flickr account on your own disk`,
    "",
    "Usage: flickrvault [--archive DIR] [--port N] [--no-browser]",
    "       flickrvault <command> [options]",
    "",
    "With no command, flickrvault opens the archive in your browser, served on 127.0.0.1: a",
    "guided first run when it is empty (Flickr's data export, or an API key), else the photos.",
    "",
    "Commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "Run 'flickrvault <command> --help' for a command's options.",
  ].join("\n");
}

/** Runs the command line and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return 0;
  }
  if (name === "--version" || name === "-V") {
    console.log(`flickrvault ${VERSION}`);
    return 0;
  }
  // No command (a double-click), or only options: the archive in the browser.
  const noCommand = name === undefined || (name.startsWith("-") && name !== "--version");
  const entry = noCommand ? START : commands[name];
  if (!entry) {
    console.error(`flickrvault: unknown command '${name}'`);
    console.error("hint: run 'flickrvault --help' to see the commands");
    return 2;
  }
  const command = await entry.load();
  const args = noCommand ? argv : rest;
  if (args.includes("--help") || args.includes("-h")) {
    console.log(command.help);
    return 0;
  }
  const context = {
    archiveDir: archiveFromArgv(args),
    writes: noCommand || WRITERS.has(name),
  };
  // An error that escapes the command's own promise chain (a stray rejection in a stream, a
  // timer) is reported the same way rather than as Deno's "Uncaught" with a stack.
  const label = noCommand ? "" : name;
  const stray = async (e: unknown) => Deno.exit(await reportFailure(label, e, context));
  const onRejection = (ev: PromiseRejectionEvent) => {
    ev.preventDefault();
    void stray(ev.reason);
  };
  const onError = (ev: ErrorEvent) => {
    ev.preventDefault();
    void stray(ev.error ?? ev.message);
  };
  globalThis.addEventListener("unhandledrejection", onRejection);
  globalThis.addEventListener("error", onError);
  try {
    return await command.run(args);
  } catch (e) {
    return await reportFailure(label, e, context);
  } finally {
    globalThis.removeEventListener("unhandledrejection", onRejection);
    globalThis.removeEventListener("error", onError);
  }
}

/** `flickrvault` with no command. */
const START = {
  summary: "Open the archive in the browser, with a guided first run",
  load: async () => (await import("./src/cli/start.ts")).startCommand,
};

/** Commands that write the archive's catalog: a libSQL error is then about writing it. */
const WRITERS = new Set(["archive", "import", "verify", "auth", "demo"]);

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
