import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";

/** `flickrvault serve`: not built yet. */
export const serveCommand: Command = {
  name: "serve",
  summary: "",
  help: "flickrvault serve: not available in this version yet.",
  run() {
    return Promise.reject(
      new UsageError(
        "'serve' is not available in this version yet",
        "see README.md for what works today",
      ),
    );
  },
};
