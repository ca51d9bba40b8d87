import { assertEquals } from "../../tests/assert.ts";
import { fileInTheWay } from "./file_in_the_way.ts";

Deno.test("fileInTheWay names the file above a path, and nothing when folders lead there", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_way_" });
  try {
    await Deno.writeTextFile(`${dir}/photos.zip`, "x");
    assertEquals(await fileInTheWay(`${dir}/photos.zip/archive/deeper`), `${dir}/photos.zip`);
    assertEquals(await fileInTheWay(`${dir}/photos.zip`), `${dir}/photos.zip`);
    assertEquals(await fileInTheWay(`${dir}/not-yet/archive`), undefined);
    assertEquals(await fileInTheWay(dir), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
