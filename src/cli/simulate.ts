import type { Command } from "./command.ts";
import { UsageError } from "./command.ts";

/** `flickrvault simulate`: not built yet. */
export const simulateCommand: Command = {
  name: "simulate",
  summary: "",
  help: "flickrvault simulate: not available in this version yet.",
  run() {
    return Promise.reject(
      new UsageError(
        "'simulate' is not available in this version yet",
        "see README.md for what works today",
      ),
    );
  },
};
