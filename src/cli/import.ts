import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";

/** `flickrvault import`: not built yet. */
export const importCommand: Command = {
  name: "import",
  summary: "",
  help: "flickrvault import: not available in this version yet.",
  run() {
    return Promise.reject(
      new UsageError(
        "'import' is not available in this version yet",
        "see README.md for what works today",
      ),
    );
  },
};
