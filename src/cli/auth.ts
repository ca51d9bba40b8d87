import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";

/** `flickrvault auth`: not built yet. */
export const authCommand: Command = {
  name: "auth",
  summary: "",
  help: "flickrvault auth: not available in this version yet.",
  run() {
    return Promise.reject(
      new UsageError(
        "'auth' is not available in this version yet",
        "see README.md for what works today",
      ),
    );
  },
};
