import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { assets } from "../../views/assets.ts";
import { assetPath, classicScript, SITE_PATHS, siteAssets } from "./site_assets.ts";

Deno.test("classicScript: MiniSearch as a classic script that sets MiniSearch and searches, as the site's page runs it", () => {
  const script = siteAssets.find((a) => a.path === SITE_PATHS.miniSearch)!.body;
  assert(!/^(import|export) /m.test(script), "nothing a classic script cannot run");
  const scope = {} as {
    MiniSearch?: new (
      o: unknown,
    ) => { addAll(d: unknown[]): void; search(q: string): { id: string }[] };
  };
  new Function("globalThis", script)(scope);
  const search = new scope.MiniSearch!({ fields: ["t"] });
  search.addAll([{ id: "1", t: "harbour at dusk" }, { id: "2", t: "mountain lake" }]);
  assertEquals(search.search("harbour").map((r) => r.id), ["1"]);
});

Deno.test("classicScript: a MiniSearch build of another shape is refused rather than shipped broken", () => {
  assertThrows(() => classicScript("export default class MiniSearch {}"), "changed shape");
  assertThrows(
    () => classicScript('import x from "y";\nexport { MiniSearch as default };'),
    "changed shape",
  );
  assertEquals(
    classicScript(
      "class MiniSearch {}\nexport { MiniSearch as default };\n//# sourceMappingURL=x.map",
    ),
    "(function () {\nclass MiniSearch {}\nglobalThis.MiniSearch = MiniSearch;\n\n})();\n",
  );
});

Deno.test("assetPath: the viewer's assets at the same path in the site; htmx stays out", () => {
  assertEquals(assetPath(assets.style.url), assets.style.url.slice(1));
  assertEquals(assetPath(assets.favicon.url), assets.favicon.url.slice(1));
  assertEquals(assetPath(assets.htmx.url), null, "nothing in the site is fetched");
  assertEquals(assetPath("/assets/unknown.css"), null);
  assertEquals(
    new Set(siteAssets.map((a) => a.path)).size,
    siteAssets.length,
    "no two at one path",
  );
});
