import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";

/** `flickrvault status`: not built yet. */
export const statusCommand: Command = {
  name: "status",
  summary: "",
  help: "flickrvault status: not available in this version yet.",
  run() {
    return Promise.reject(
      new UsageError(
        "'status' is not available in this version yet",
        "see README.md for what works today",
      ),
    );
  },
};
