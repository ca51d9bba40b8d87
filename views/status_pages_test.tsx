import { gridItem, html } from "../tests/render.ts";
import { assert, assertStringIncludes } from "../tests/assert.ts";
import type { GridItem } from "../src/catalog/browse.ts";
import type { ArchiveStatus } from "../src/catalog/status.ts";
import type { RunRow } from "../src/catalog/schema.ts";
import { EXPORT_REQUEST_URL } from "../src/catalog/free_account.ts";
import { ManualPage, StatusPage } from "./status_pages.tsx";

const healthy: ArchiveStatus = {
  archive: "/home/ada/flickr-archive",
  photos: 1234,
  videos: 5,
  photos_on_flickr: 1234,
  videos_on_flickr: 5,
  favorites: 10,
  albums: 3,
  collections: 1,
  galleries: 0,
  groups: 2,
  comments: 40,
  faves: 12,
  people: 20,
  notes: 1,
  files: 3000,
  bytes: 2_500_000_000,
  missing_files: 0,
  altered_files: 0,
  lesser_copies: 0,
  waiting_for_export: 0,
  free_account: false,
  videos_needing_manual_download: 0,
  deleted_on_flickr: 0,
  duplicates: 1,
  duplicate_items: 2,
  last_run: null,
  last_run_status: null,
  api_calls_last_run: 0,
};

const tile = (id: string): GridItem =>
  gridItem(id, {
    media: "video",
    title: `Video ${id}`,
    duration: 65,
    deletedOnFlickr: true,
    needsManualDownload: true,
  });

Deno.test("StatusPage: a healthy archive says so, with its counts as people read them", async () => {
  const page = await html(<StatusPage status={healthy} runs={[]} failing={[]} deleted={[]} />);
  assertStringIncludes(page, "Every archived file is where it should be.");
  assertStringIncludes(page, "<b>1,234</b><span>photos</span>");
  assertStringIncludes(page, "<b>2.5 GB</b><span>on disk</span>", "bytes in 1000s");
  assertStringIncludes(page, "last run never");
  assertStringIncludes(page, "group of duplicates</span>");
  assertStringIncludes(page, "No runs yet");
  assertStringIncludes(page, "Nothing archived has been deleted on Flickr.");
  assert(!page.includes("waiting-for-export"), "a Pro account waits for no export");
  assert(!page.includes("photos waiting for the export"));
});

Deno.test("StatusPage: what needs attention is named, with the way to fix it", async () => {
  const page = await html(
    <StatusPage
      status={{
        ...healthy,
        missing_files: 1,
        lesser_copies: 2,
        videos_needing_manual_download: 1,
        free_account: true,
        waiting_for_export: 7,
        duplicates: 3,
        last_run: "2024-06-01T10:00:00.000Z",
        last_run_status: "interrupted",
      }}
      runs={[{
        id: 1,
        kind: "archive",
        started_at: "2024-06-01T09:00:00.000Z",
        finished_at: null,
        status: "interrupted",
        api_calls: 4321,
        retries: 0,
        bytes_downloaded: 1_500_000,
        summary_json: null,
      } as RunRow]}
      failing={[{
        fileId: 3,
        itemId: "42",
        kind: "original",
        path: "originals/42.jpg",
        status: "altered",
        verifiedAt: null,
      }]}
      deleted={[tile("77")]}
    />,
  );
  assertStringIncludes(
    page,
    "Something needs attention: see the files below; some photos have only a smaller copy so far " +
      "(the next archive run fetches their originals); some videos need downloading by hand.",
  );
  assertStringIncludes(page, 'href="/videos/manual"');
  assertStringIncludes(page, 'class="stat bad"');
  assertStringIncludes(page, "(interrupted)");
  assertStringIncludes(page, EXPORT_REQUEST_URL);
  assertStringIncludes(page, "7 of your photos");
  assertStringIncludes(page, 'href="#waiting-for-export"');
  assertStringIncludes(page, "groups of duplicates");
  assertStringIncludes(page, "changed on disk");
  assertStringIncludes(page, '<a href="/photos/42">42</a>');
  assertStringIncludes(page, "<td>4,321</td>");
  assertStringIncludes(page, "<td>1.5 MB</td>");
  assertStringIncludes(page, 'href="/photos/77"');
});

Deno.test("ManualPage: each video with the steps and where to put its file; the list refreshes itself", async () => {
  const page = await html(
    <ManualPage
      archiveDir="/home/ada/archive"
      videos={[{
        item: tile("88"),
        photopageUrl: "https://www.flickr.com/photos/ada/88/",
        reason: "Flickr answered 403",
        dropPath: "manual/88",
      }]}
    />,
  );
  assertStringIncludes(page, "1 video is waiting.");
  assertStringIncludes(page, 'hx-trigger="every 30s"');
  assertStringIncludes(page, 'href="https://www.flickr.com/photos/ada/88/"');
  assertStringIncludes(page, "<code>/home/ada/archive/manual/88</code>");
  assertStringIncludes(page, "Flickr answered 403");
  const none = await html(<ManualPage archiveDir="/a" videos={[]} />);
  assertStringIncludes(none, "No videos waiting");
  assert(!none.includes("waiting."), "no count when none wait");
});
