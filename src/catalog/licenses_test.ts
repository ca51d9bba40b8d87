import { assertEquals } from "../../tests/assert.ts";
import { LICENSES } from "../simulator/vocabulary.ts";
import { FLICKR_LICENSES, licenseById, licenseId } from "./licenses.ts";

Deno.test("the licence table names each licence as flickr.photos.licenses.getInfo does", () => {
  // The simulator answers as Flickr does: an archive filled by the import (this table) and one
  // filled by the API (getInfo) show the same name and link for the same licence.
  const api = [...LICENSES].sort((a, b) => a.id - b.id);
  assertEquals(FLICKR_LICENSES.map(({ id, name, url }) => ({ id, name, url })), api);
});

Deno.test("licenseById finds Flickr's licences and nothing else; the export's names map back", () => {
  assertEquals(licenseById(1)?.name, "Attribution-NonCommercial-ShareAlike License");
  assertEquals(licenseById(16)?.url, "https://creativecommons.org/licenses/by-nc-nd/4.0/");
  assertEquals(licenseById(17), undefined);
  for (const l of FLICKR_LICENSES) {
    assertEquals(licenseId(l.name), l.id, l.name);
    for (const alias of l.aliases) assertEquals(licenseId(alias), l.id, alias);
  }
});
