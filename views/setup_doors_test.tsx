import { html } from "../tests/render.ts";
import { assert, assertStringIncludes } from "../tests/assert.ts";
import { ApiKeyPage, type ChooserFolder, DoorsPage, FlickrExportPage } from "./setup_doors.tsx";

const folder = (over: Partial<ChooserFolder> = {}): ChooserFolder => ({
  path: "/home/ada/Downloads",
  zips: [
    { name: "72157_1a2b3c_part1.zip", bytes: 1_200_000, kind: "metadata" },
    { name: "data-download-1.zip", bytes: 2_000_000_000, kind: "media" },
    { name: "data-download-2.zip", bytes: 500_000_000, kind: "media" },
  ],
  unpacked: false,
  folders: ["flickr", "Été 2019"],
  moreFolders: 0,
  ...over,
});

Deno.test("DoorsPage: the two ways in, and the archive folder named", async () => {
  const page = await html(<DoorsPage archiveDir="/home/ada/flickr-archive" />);
  assertStringIncludes(page, 'href="/setup/flickr-export" id="door-export"');
  assertStringIncludes(page, 'href="/setup/api-key" id="door-api"');
  assertStringIncludes(page, "Your archive will be the folder /home/ada/flickr-archive.");
});

Deno.test("FlickrExportPage: the folders found, each with what it holds and a button to import it", async () => {
  const page = await html(<FlickrExportPage csrf="tok" found={[folder()]} again={false} />);
  assertStringIncludes(page, "1. Ask Flickr for it");
  assertStringIncludes(page, "1 metadata zip, 2 media zips (2.5 GB)");
  assertStringIncludes(page, 'name="folder" value="/home/ada/Downloads"');
  assertStringIncludes(page, 'value="tok"', "the form carries its CSRF token");
  const none = await html(<FlickrExportPage csrf="tok" found={[]} again />);
  assertStringIncludes(none, "No Flickr export zips in your Downloads");
  assertStringIncludes(none, "Add zips that arrived later");
  assert(!none.includes("1. Ask Flickr for it"), "an import ran before: no need to ask again");
});

Deno.test("FlickrExportPage: a folder being looked at lists its zips, its subfolders and the way up, on any system", async () => {
  const page = await html(
    <FlickrExportPage csrf="t" found={[]} browsing={folder({ moreFolders: 3 })} again={false} />,
  );
  assertStringIncludes(page, 'value="/home/ada/Downloads"', "the typed path shows the folder");
  assertStringIncludes(page, 'data-download-2.zip</span> <span class="muted">media, 500 MB');
  assertStringIncludes(page, 'href="/setup/flickr-export?path=%2Fhome%2Fada"');
  assertStringIncludes(
    page,
    'href="/setup/flickr-export?path=%2Fhome%2Fada%2FDownloads%2F%C3%89t%C3%A9%202019"',
  );
  assertStringIncludes(page, "… and 3 more folders");
  // A Windows path: backslashes, a drive at the top.
  const win = await html(
    <FlickrExportPage
      csrf="t"
      found={[]}
      browsing={folder({ path: "C:\\Users\\Ada\\Downloads", folders: ["flickr"] })}
      again={false}
    />,
  );
  assertStringIncludes(win, `path=${encodeURIComponent("C:\\Users\\Ada\\Downloads\\flickr")}"`);
  assertStringIncludes(win, `path=${encodeURIComponent("C:\\Users\\Ada")}"`);
  // The root has no way up.
  const root = await html(
    <FlickrExportPage
      csrf="t"
      found={[]}
      browsing={folder({ path: "/", folders: [] })}
      again={false}
    />,
  );
  assert(!root.includes("↑ up"), "nothing above the root");
  const empty = await html(
    <FlickrExportPage
      csrf="t"
      found={[]}
      browsing={folder({ zips: [], folders: [] })}
      again={false}
    />,
  );
  assertStringIncludes(empty, 'id="no-export"');
  assert(!empty.includes("Import from this folder"), "nothing to import");
  const unpacked = await html(
    <FlickrExportPage
      csrf="t"
      found={[]}
      browsing={folder({ zips: [], unpacked: true })}
      again={false}
    />,
  );
  assertStringIncludes(unpacked, "unpacked export files");
  assertStringIncludes(unpacked, "Import from this folder");
  const cannot = await html(
    <FlickrExportPage
      csrf="t"
      found={[]}
      browsing={folder({ problem: "permission denied" })}
      again={false}
    />,
  );
  assertStringIncludes(cannot, "Cannot look in /home/ada/Downloads: permission denied");
});

Deno.test("ApiKeyPage: the key typed comes back to be corrected, the secret never does", async () => {
  const form = await html(
    <ApiKeyPage
      csrf="t"
      callbackUrl="http://127.0.0.1:8080/setup/api-key/callback"
      step="form"
      keyValue="0123abcd"
      problem={{
        field: "secret",
        message: "Cannot check the key: Flickr says the signature is invalid",
      }}
    />,
  );
  assertStringIncludes(form, 'name="api_key" value="0123abcd"');
  assert(
    /<input type="password" name="api_secret"(?![^>]*value=)[^>]*class="wrong"/.test(form),
    form,
  );
  assertStringIncludes(form, "Flickr says the signature is invalid");
  assertStringIncludes(
    form,
    '<code class="callback">http://127.0.0.1:8080/setup/api-key/callback</code>',
  );
  const checked = await html(<ApiKeyPage csrf="t" callbackUrl="x" step="checked" />);
  assertStringIncludes(checked, 'id="sign-in-button"');
  assert(!checked.includes('name="api_key"'), "the form is done");
  const pending = await html(<ApiKeyPage csrf="t" callbackUrl="x" step="pending" />);
  assertStringIncludes(pending, "Start the sign-in again");
  const free = await html(
    <ApiKeyPage
      csrf="t"
      callbackUrl="x"
      step="signed-in"
      signedIn={{ username: "ada", free: true }}
    />,
  );
  assertStringIncludes(free, "Signed in as ada");
  assertStringIncludes(free, 'id="free-account"');
  const pro = await html(
    <ApiKeyPage
      csrf="t"
      callbackUrl="x"
      step="signed-in"
      signedIn={{ username: "ada", free: false }}
    />,
  );
  assert(!pro.includes('id="free-account"'), "a Pro account is not told about 1,024 px copies");
  assertStringIncludes(pro, 'id="start-archive"');
});
