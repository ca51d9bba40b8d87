import { assertEquals } from "../../tests/assert.ts";
import { isDiskFull } from "./disk_full.ts";

Deno.test("isDiskFull: ENOSPC, EDQUOT and SQLITE_FULL, by code or by the system's words", () => {
  const coded = Object.assign(new Error("write failed"), { code: "ENOSPC" });
  assertEquals(isDiskFull(coded), true);
  assertEquals(isDiskFull(new Error("No space left on device (os error 28)")), true);
  assertEquals(isDiskFull(new Error("Disk quota exceeded (os error 122)")), true);
  assertEquals(
    isDiskFull(Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" })),
    true,
  );
  assertEquals(isDiskFull(new Error("invalid deflate data")), false);
  assertEquals(isDiskFull(new Error("Permission denied (os error 13)")), false);
  assertEquals(isDiskFull(undefined), false);
});
