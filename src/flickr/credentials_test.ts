import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import {
  credentialsPath,
  loadCredentials,
  readCredentialsFile,
  saveCredentials,
} from "./credentials.ts";

const env = (vars: Record<string, string>) => ({ get: (k: string) => vars[k] });

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const stored = {
  apiKey: "filekey",
  apiSecret: "filesecret",
  oauthToken: "filetok",
  oauthTokenSecret: "filetoksecret",
  userNsid: "1@N01",
  username: "me",
  fullname: "Me",
};

Deno.test("saved credentials are mode 0600 and read back", async () => {
  await withDir(async (dir) => {
    const archive = `${dir}/archive`;
    const path = await saveCredentials(archive, stored);
    assertEquals(path, credentialsPath(archive));
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    assertEquals(await readCredentialsFile(archive), stored);
    // Saving again replaces the file and keeps the mode.
    await Deno.chmod(path, 0o644);
    await saveCredentials(archive, { ...stored, username: "again" });
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    assertEquals((await readCredentialsFile(archive))?.username, "again");
    assertEquals([...Deno.readDirSync(archive)].length, 1);
  });
});

Deno.test("flags beat the environment, which beats the file", async () => {
  await withDir(async (dir) => {
    await saveCredentials(dir, stored);
    assertEquals(await loadCredentials(dir, env({})), stored);
    const fromEnv = await loadCredentials(
      dir,
      env({ FLICKR_API_KEY: "envkey", FLICKR_API_SECRET: "envsecret" }),
    );
    // The file's token belongs to another key: not mixed in.
    assertEquals(fromEnv, {
      apiKey: "envkey",
      apiSecret: "envsecret",
      oauthToken: undefined,
      oauthTokenSecret: undefined,
    });
    const all = await loadCredentials(
      dir,
      env({
        FLICKR_API_KEY: "filekey",
        FLICKR_API_SECRET: "envsecret",
        FLICKR_OAUTH_TOKEN: "envtok",
        FLICKR_OAUTH_TOKEN_SECRET: "envtoksecret",
      }),
      { apiSecret: "flagsecret" },
    );
    assertEquals(
      [all.apiKey, all.apiSecret, all.oauthToken, all.oauthTokenSecret, all.userNsid],
      ["filekey", "flagsecret", "envtok", "envtoksecret", undefined],
    );
  });
});

Deno.test("missing key or token is a usage error with a hint", async () => {
  await withDir(async (dir) => {
    const e = await assertRejects(
      () => loadCredentials(dir, env({})),
      "Cannot call Flickr: no API key",
    );
    assert((e as { hint?: string }).hint?.includes("flickr.com/services/apps/create"));
    await assertRejects(
      () => loadCredentials(dir, env({ FLICKR_API_KEY: "k" })),
      "Cannot call Flickr: no API secret",
    );
    const t = await assertRejects(
      () => loadCredentials(dir, env({}), { apiKey: "k", apiSecret: "s" }, { requireToken: true }),
      "Cannot call Flickr: not signed in",
    );
    assert((t as { hint?: string }).hint?.includes("flickrvault auth"));
  });
});

Deno.test("a corrupt credentials file is a clear error", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(credentialsPath(dir), "{not json");
    await assertRejects(() => loadCredentials(dir, env({})), "is not valid JSON");
  });
});

Deno.test("an archive path inside a file is named as such, not as a permissions problem", async () => {
  await withDir(async (dir) => {
    const file = `${dir}/notes.txt`;
    await Deno.writeTextFile(file, "x");
    const err = await assertRejects(
      () => loadCredentials(`${file}/archive`, env({})),
      `Cannot open the archive: ${file} is a file, not a folder`,
    );
    assert(!String((err as { hint?: string }).hint).includes("permissions"));
  });
});
