import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";

/** `flickrvault demo`: not built yet. */
export const demoCommand: Command = {
  name: "demo",
  summary: "",
  help: "flickrvault demo: not available in this version yet.",
  run() {
    return Promise.reject(
      new UsageError(
        "'demo' is not available in this version yet",
        "see README.md for what works today",
      ),
    );
  },
};
