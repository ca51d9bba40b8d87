import { assertEquals } from "../../tests/assert.ts";
import { RememberedChoices, settingsFolder } from "./remembered.ts";

Deno.test("remembered: the folders chosen, the latest first, and each archive's last import", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_remembered_" });
  try {
    const memory = new RememberedChoices(`${dir}/settings`);
    assertEquals(await memory.read(), { folders: [], imports: {} });
    await memory.rememberImport(`${dir}/archive`, "/a", ["/a/x_part1.zip"]);
    await memory.rememberImport(`${dir}/archive`, "/b", ["/b/data-download-1.zip"]);
    await memory.rememberImport(`${dir}/other`, "/a", ["/a/x_part1.zip"]);
    assertEquals((await memory.read()).folders, ["/a", "/b"]);
    assertEquals(await memory.lastImport(`${dir}/archive`), ["/b/data-download-1.zip"]);
    assertEquals(await memory.lastImport(`${dir}/nowhere`), undefined);
    await Deno.writeTextFile(memory.path!, "not json");
    assertEquals(await memory.read(), { folders: [], imports: {} }, "a damaged file is forgotten");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("remembered: the settings folder of each system", () => {
  const env = (vars: Record<string, string>) => ({ get: (k: string) => vars[k] });
  assertEquals(settingsFolder(env({ HOME: "/h" }), "linux"), "/h/.config/flickrvault");
  assertEquals(
    settingsFolder(env({ HOME: "/h", XDG_CONFIG_HOME: "/c" }), "linux"),
    "/c/flickrvault",
  );
  assertEquals(
    settingsFolder(env({ HOME: "/h" }), "darwin"),
    "/h/Library/Application Support/flickrvault",
  );
  assertEquals(settingsFolder(env({}), "linux"), undefined);
});
