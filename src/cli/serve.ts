/**
 * `flickrvault serve`: the viewer over an archive on this machine, read only, until Ctrl-C.
 *
 * Tested by src/cli/command_test.ts and tests/fault_messages_test.ts.
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import {
  archiveDir,
  archiveOption,
  type Command,
  parseCommandArgs,
  untilInterrupted,
  UsageError,
  wholeNumber,
} from "./command.ts";
import { CatalogError } from "../catalog/db.ts";
import { startServer, UnsafeBindError } from "../server/app.ts";

const HELP = `flickrvault serve: browse the archive in a web browser (it only reads the archive)

Usage: flickrvault serve [--archive DIR] [--host ADDR] [--port N] [--password PW | --public]

Options:
  --archive DIR    the archive (default: $FLICKRVAULT_ARCHIVE, else ${DEFAULTS.archiveDir})
  --host ADDR      address to listen on (default ${DEFAULTS.host}: this machine only)
  --port N         port (default ${DEFAULTS.port}; 0 picks a free one)
  --password PW    ask browsers for this password (HTTP basic auth, any user name);
                   also read from $FLICKRVAULT_PASSWORD
  --public         allow a non-loopback --host without a password (anyone on the network
                   can then see every photo, private ones included)
  -h, --help       this help

Any --host other than 127.0.0.1, ::1 or localhost needs --password or --public.`;

/** `flickrvault serve`: the viewer. */
export const serveCommand: Command = {
  name: "serve",
  summary: "Browse the archive in a web browser",
  help: HELP,
  async run(argv) {
    const { values } = parseCommandArgs("serve", argv, {
      ...archiveOption,
      host: { type: "string" },
      port: { type: "string" },
      password: { type: "string" },
      public: { type: "boolean" },
    });
    const dir = archiveDir(values.archive);
    const port = wholeNumber("serve", "port", values.port, DEFAULTS.port);
    if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}`);
    const password = values.password ?? Deno.env.get("FLICKRVAULT_PASSWORD") ?? undefined;
    let server;
    try {
      server = await startServer({
        archiveDir: dir,
        host: values.host ?? DEFAULTS.host,
        port,
        password: password || undefined,
        public: values.public ?? false,
      });
    } catch (e) {
      if (e instanceof UnsafeBindError) {
        throw new UsageError(
          e.message,
          "add --password PW (browsers will ask for it), or --public if everyone on the network may see it",
        );
      }
      if (e instanceof CatalogError) {
        throw new UsageError(e.message, e.hint ?? `is '${dir}' an archive?`);
      }
      if (e instanceof Deno.errors.AddrInUse) {
        throw new UsageError(
          `Cannot serve: port ${port} is already in use`,
          "pick another with --port, or --port 0",
        );
      }
      if (e instanceof Deno.errors.AddrNotAvailable) {
        throw new UsageError(
          `Cannot serve: ${values.host} is no address of this machine`,
          "see 'flickrvault serve --help'",
        );
      }
      throw e;
    }
    console.log(`Serving ${dir} at ${server.url}`);
    console.log("Press Ctrl+C to stop.");
    await untilInterrupted();
    await server.close();
    return 0;
  },
};
