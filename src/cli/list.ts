import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";

/** `flickrvault list`: not built yet. */
export const listCommand: Command = {
  name: "list",
  summary: "",
  help: "flickrvault list: not available in this version yet.",
  run() {
    return Promise.reject(
      new UsageError(
        "'list' is not available in this version yet",
        "see README.md for what works today",
      ),
    );
  },
};
