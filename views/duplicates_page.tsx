/**
 * The same photo uploaded more than once: groups of items whose originals have the same bytes, or
 * whose `checksum:md5=` machine tag names another item's original.
 *
 * Tested by tests/pages_serve_site_test.ts.
 * @module
 */
import type { FC } from "hono/jsx";
import type { GridItem } from "../src/catalog/browse.ts";
import type { DuplicateGroup, DuplicateReason } from "../src/catalog/duplicates.ts";
import { Empty, Tile, titleOf } from "./components.tsx";
import { plural } from "./format.ts";
import { photoUrl } from "./urls.ts";

const ItemLink: FC<{ id: string; items: GridItem[] }> = ({ id, items }) => {
  const item = items.find((i) => i.id === id);
  return <a href={photoUrl(id)}>{item ? titleOf(item.title) : id}</a>;
};

const Reason: FC<{ reason: DuplicateReason; items: GridItem[] }> = ({ reason: r, items }) =>
  r.kind === "same-bytes"
    ? (
      <li>
        Same original bytes (SHA-256 <span class="mono">{r.sha256.slice(0, 12)}…</span>):{" "}
        {r.itemIds.map((id, i) => (
          <>
            {i > 0 && ", "}
            <ItemLink id={id} items={items} />
          </>
        ))}
      </li>
    )
    : (
      <li>
        The <code>checksum:md5=</code> tag of <ItemLink id={r.taggedId} items={items} />{" "}
        names the original of <ItemLink id={r.holderId} items={items} /> (MD5{" "}
        <span class="mono">{r.md5.slice(0, 12)}…</span>)
      </li>
    );

/** The duplicates page's body. */
export const DuplicatesPage: FC<{ groups: DuplicateGroup[] }> = ({ groups }) => (
  <>
    <div class="page-head">
      <div>
        <h1>Duplicates</h1>
        <p class="muted">
          The same photo uploaded more than once: originals with the same bytes, or a{" "}
          <code>checksum:md5=</code> tag that names another item's original.
          {groups.length > 0 &&
            ` ${plural(groups.length, "group", "groups")} of ${
              plural(groups.reduce((n, g) => n + g.items.length, 0), "item", "items")
            }.`}
        </p>
      </div>
    </div>
    {groups.length === 0
      ? (
        <Empty title="No duplicates" glyph="✓">
          <p>No two items in the archive have the same original.</p>
        </Empty>
      )
      : groups.map((g) => (
        <section class="duplicates" data-ids={g.items.map((i) => i.id).join(" ")}>
          <h2>{titleOf(g.items[0].title)}</h2>
          <ul>
            {g.reasons.map((r, i) => <Reason key={i} reason={r} items={g.items} />)}
          </ul>
          <div class="grid">
            {g.items.map((item) => <Tile key={item.id} item={item} />)}
          </div>
        </section>
      ))}
  </>
);
