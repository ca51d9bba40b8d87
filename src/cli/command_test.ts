import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { positiveInt, wholeNumber } from "./command.ts";
import { UsageError } from "../usage_error.ts";
import { DEFAULTS } from "../defaults.ts";
import { archiveCommand } from "./archive.ts";
import { serveCommand } from "./serve.ts";

Deno.test("positiveInt: --concurrency 0 is refused with the bound in the message; 1 and more pass", () => {
  const e = assertThrows(() => positiveInt("archive", "concurrency", "0", 4));
  assert(e instanceof UsageError);
  assertEquals(e.message, "--concurrency takes a whole number of at least 1, not '0'");
  assertEquals(positiveInt("archive", "concurrency", "1", 4), 1);
  assertEquals(positiveInt("archive", "concurrency", undefined, 4), 4);
});

Deno.test("wholeNumber: 0 passes where it means something (--port 0, --rate 0); blanks, fractions and negatives do not", () => {
  assertEquals(wholeNumber("serve", "port", "0", 8080), 0);
  for (const bad of ["", " ", "1.5", "-1", "many"]) {
    const e = assertThrows(() => wholeNumber("serve", "port", bad, 8080));
    assert(e instanceof UsageError);
    assertEquals(e.message, `--port takes a whole number, not '${bad}'`);
  }
});

Deno.test("help texts print the defaults the commands use", () => {
  const archiveHelp = archiveCommand.help;
  assertEquals(archiveHelp.includes(`(default ${DEFAULTS.callsPerHour}, Flickr's limit`), true);
  assertEquals(archiveHelp.includes(`(default ${DEFAULTS.downloadConcurrency})`), true);
  assertEquals(serveCommand.help.includes(`port (default ${DEFAULTS.port};`), true);
});
