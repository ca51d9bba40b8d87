import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";

/** `flickrvault verify`: not built yet. */
export const verifyCommand: Command = {
  name: "verify",
  summary: "",
  help: "flickrvault verify: not available in this version yet.",
  run() {
    return Promise.reject(
      new UsageError(
        "'verify' is not available in this version yet",
        "see README.md for what works today",
      ),
    );
  },
};
