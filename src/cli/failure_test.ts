import { LibsqlError } from "@libsql/client";
import { assert, assertEquals, assertMatch } from "../../tests/assert.ts";
import { archiveFromArgv, describeFailure, diagnoseFailure } from "./failure.ts";
import { UsageError } from "../usage_error.ts";
import { CatalogError } from "../catalog/db.ts";
import { ArchiveLockedError } from "../catalog/lock.ts";
import { FlickrError } from "../flickr/errors.ts";

const ctx = { archiveDir: "/srv/photos", writes: true };

Deno.test("failure: each libSQL code becomes words naming catalog.db, exit 2", () => {
  const cases: [string, RegExp, RegExp][] = [
    ["SQLITE_CORRUPT", /\/srv\/photos\/catalog\.db is damaged/, /backup.*import.*archive/],
    ["SQLITE_NOTADB", /catalog\.db is damaged \(not a database\)/, /rebuild/],
    ["SQLITE_BUSY", /catalog\.db is locked by another program/, /close the other program/],
    ["SQLITE_LOCKED", /catalog\.db is locked by another program/, /close the other program/],
    ["SQLITE_FULL", /catalog\.db cannot grow: the disk is full/, /free some space/],
    ["SQLITE_READONLY", /catalog\.db is read-only/, /serve.*status.*list/],
    ["SQLITE_CANTOPEN", /catalog\.db cannot be opened/, /may read it/],
    ["SQLITE_IOERR_READ", /the disk reported an error \(SQLITE_IOERR_READ\)/, /check the disk/],
    ["SQLITE_SCHEMA", /catalog\.db answered SQLITE_SCHEMA/, /FLICKRVAULT_DEBUG/],
  ];
  for (const [code, message, hint] of cases) {
    const f = describeFailure(new LibsqlError(`${code}: something`, code), ctx);
    assertEquals(f.code, 2, code);
    assertMatch(f.message, message);
    assertMatch(f.hint ?? "", hint);
    assert(f.message.startsWith("Cannot "), f.message);
    assert(!f.message.includes("\n"), "one line");
  }
  const read = describeFailure(new LibsqlError("SQLITE_BUSY: x", "SQLITE_BUSY"), {
    archiveDir: "/srv/photos",
  });
  assertMatch(read.message, /^Cannot read the archive: /);
});

Deno.test("failure: file-system errors name the file or its folder, with a hint", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let notFound: unknown;
    try {
      await Deno.readFile(`${dir}/nothing.jpg`);
    } catch (e) {
      notFound = e;
    }
    const cases: [unknown, RegExp, RegExp][] = [
      [notFound, new RegExp(`^Cannot open ${dir}/nothing\\.jpg: it does not exist`), /path/],
      [
        new Deno.errors.PermissionDenied(
          "Permission denied (os error 13): open '/srv/photos/photos/2019/a.jpg.xmp.part-x1y2'",
        ),
        /^Cannot write in \/srv\/photos\/photos\/2019: permission denied$/,
        /write access/,
      ],
      [
        new Deno.errors.PermissionDenied("Permission denied (os error 13): mkdir '/srv/x'"),
        /^Cannot create \/srv\/x: permission denied$/,
        /write access/,
      ],
      [
        Object.assign(new Error("No space left on device (os error 28): write '/srv/a'"), {
          code: "ENOSPC",
        }),
        /^Cannot write \/srv\/a: the disk is full$/,
        /free some space/,
      ],
      [
        new Error("Read-only file system (os error 30): open '/mnt/b/catalog.db-shm'"),
        /^Cannot write \/mnt\/b\/catalog\.db-shm: the disk is read-only$/,
        /read-only archive/,
      ],
      [
        new Error("Input/output error (os error 5): read '/mnt/b/photo.jpg'"),
        /^Cannot read \/mnt\/b\/photo\.jpg: the disk reported an input\/output error$/,
        /check the disk/,
      ],
    ];
    for (const [error, message, hint] of cases) {
      const f = describeFailure(error, ctx);
      assertMatch(f.message, message);
      assertMatch(f.hint ?? "", hint);
      assertEquals(f.code, 2);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("failure: the project's own errors keep their words; anything else is a bug said in one line", () => {
  assertEquals(describeFailure(new UsageError("bad", "do this")), {
    message: "bad",
    hint: "do this",
    code: 2,
  });
  assertEquals(describeFailure(new CatalogError("cat", "fix")).message, "cat");
  const locked = describeFailure(new ArchiveLockedError(42, "/a/.flickrvault.lock", "h"));
  assertMatch(locked.message, /pid 42/);
  assertMatch(locked.hint ?? "", /remove \/a\/\.flickrvault\.lock/);
  const down = describeFailure(
    new FlickrError("http", "Flickr answered HTTP 503 (after 9 attempts)", { permanent: true }),
  );
  assertMatch(down.hint ?? "", /Flickr is down|run again later/);
  const bug = describeFailure(
    new TypeError("Cannot read properties of null (reading 'x')\n  at y"),
  );
  assertEquals(bug.message, "unexpected error: Cannot read properties of null (reading 'x')");
  assertMatch(bug.hint ?? "", /bug.*FLICKRVAULT_DEBUG=1/);
  assertEquals(bug.code, 2);
});

Deno.test("failure: the archive a command names, for errors that do not", () => {
  assertEquals(archiveFromArgv(["--json", "--archive", "/x"]), "/x");
  assertEquals(archiveFromArgv(["--archive=/y"]), "/y");
});

Deno.test("failure: an error nothing explains is checked against the catalog, and damage is the reason given", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { openCatalog } = await import("../catalog/db.ts");
    await (await openCatalog(dir)).close();
    const odd = new LibsqlError("malformed JSON", "SQLITE_ERROR");
    const sound = await diagnoseFailure(odd, { archiveDir: dir });
    assertMatch(sound.message, /answered SQLITE_ERROR \(malformed JSON\)/);
    // The same error from a catalog whose pages were overwritten.
    const { size } = await Deno.stat(`${dir}/catalog.db`);
    using f = await Deno.open(`${dir}/catalog.db`, { write: true });
    await f.seek(4096, Deno.SeekMode.Start);
    await f.write(new Uint8Array(size - 4096).fill(0x5a));
    for (const e of [odd, new SyntaxError("Unexpected token 'Z'")]) {
      const damaged = await diagnoseFailure(e, { archiveDir: dir });
      assertMatch(damaged.message, /catalog\.db is damaged/);
      assertEquals(damaged.code, 2);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
