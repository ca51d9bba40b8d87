import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";

/** `flickrvault archive`: not built yet. */
export const archiveCommand: Command = {
  name: "archive",
  summary: "",
  help: "flickrvault archive: not available in this version yet.",
  run() {
    return Promise.reject(
      new UsageError(
        "'archive' is not available in this version yet",
        "see README.md for what works today",
      ),
    );
  },
};
