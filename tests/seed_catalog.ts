/**
 * Fills a temporary archive with varied, realistic catalog rows and real media files for the
 * viewer's tests: own photos and videos across the years (with Flickr's date granularities),
 * favourites of others' photos, comments, faves, notes, people tagged, albums, collections,
 * galleries, groups, a video waiting for a manual download, an item deleted on Flickr, a file that
 * failed verification, and hostile HTML in titles, descriptions, comments, names, tags and notes.
 *
 * It writes through the catalog's own writers (`src/catalog/writes.ts`) so the rows look like what
 * the archiver stores; tests that want a simulator-made archive instead can pass any archive
 * directory to the same viewer code.
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { type Catalog, openCatalog } from "../src/catalog/db.ts";
import type {
  NewComment,
  NewFave,
  NewFile,
  NewItem,
  NewNote,
  NewPerson,
  NewTag,
} from "../src/catalog/schema.ts";
import {
  type ChildRows,
  finishRun,
  refreshSearch,
  replaceAlbums,
  replaceCollections,
  replaceCommentsBulk,
  replaceFavesBulk,
  replaceGalleries,
  replaceGroups,
  replaceNotesBulk,
  replacePhotoPeopleBulk,
  replaceTagsBulk,
  setMeta,
  startRun,
  upsertFiles,
  upsertItems,
  upsertLicenses,
  upsertPeople,
} from "../src/catalog/writes.ts";
import { buddyIcon, jpegFile, mp4File } from "../src/simulator/media.ts";
import { Rng } from "../src/simulator/prng.ts";
import {
  CAMERAS,
  COMMENTS,
  DESCRIPTIONS,
  FAMILY_NAMES,
  FIRST_NAMES,
  LICENSES,
  LONG_TITLE,
  MACHINE_TAGS,
  NON_LATIN_TITLES,
  normaliseTag,
  NOTES,
  PLACES,
  RAW_TAGS,
  TITLES,
} from "../src/simulator/vocabulary.ts";

/** Markup that must never run in the viewer; the browser test watches for its effects. */
export const HOSTILE = {
  title: `<script>alert("title")</script><img src=x onerror="document.body.dataset.pwned='title'">`,
  description: `Nice<script>alert("desc")</script><img src=x onerror="alert('desc')">` +
    `<a href="javascript:alert(1)">click</a><svg onload="alert('svg')"></svg>` +
    `<b onmouseover="alert(2)">bold</b><style>body{display:none}</style>`,
  comment: `<iframe src="javascript:alert(3)"></iframe><script>document.body.append(` +
    `Object.assign(document.createElement('div'),{id:'pwned'}))</script>Kind words`,
  username: `<img src=x onerror="alert('name')">`,
  realname: `"><script>alert("realname")</script>`,
  tag: `"><svg onload=alert(4)>`,
  note: `<script>alert("note")</script>Look here`,
  album: `</title><script>alert("album")</script>`,
};

/** What {@link seedCatalog} made, so tests can find the interesting rows. */
export interface SeededArchive {
  dir: string;
  ownerNsid: string;
  /** Own items, newest taken first is not guaranteed: use the ids below for specific cases. */
  ownIds: string[];
  favoriteIds: string[];
  /** Photo with many comments, faves, notes, people tagged, EXIF, a place, and albums. */
  richId: string;
  /** Photo whose title, description, tags, notes and a comment are hostile. */
  hostileId: string;
  /** A playable video with a video file. */
  videoId: string;
  /** A video that still needs a manual download (no video file). */
  manualVideoId: string;
  deletedId: string;
  circaId: string;
  monthId: string;
  /** A person who commented and faved. */
  commenterNsid: string;
  hostilePersonNsid: string;
  albumIds: string[];
  collectionIds: string[];
  galleryIds: string[];
  groupIds: string[];
  /** A tag many items carry. */
  commonTag: string;
  /** The id of a file row whose file is recorded as missing. */
  missingFileId: number;
  /** With `duplicates`: the items that are the same photo (see {@link SeedOptions}). */
  duplicates?: {
    /** Two own photos whose originals have the same bytes. */
    sameBytes: [string, string];
    /** A photo whose `checksum:md5=` tag names `tagHolder`'s original (not its own). */
    tagged: string;
    tagHolder: string;
  };
}

/** Options of {@link seedCatalog}. */
export interface SeedOptions {
  /** Own photos (default 120). */
  photos?: number;
  /** Own videos (default 6, at least 2). */
  videos?: number;
  /** Others' photos in the favourites (default 24). */
  favorites?: number;
  seed?: number;
  /**
   * Add the same photo uploaded twice: two own photos with the same original bytes, and a photo
   * replaced on Flickr after an edit whose `checksum:md5=` tag still names its first version,
   * uploaded again as another photo. Needs at least 46 photos. Without it, no two items share
   * their bytes and no item carries a checksum tag.
   */
  duplicates?: boolean;
}

const OWNER = "12037949754@N01";
/** The account owner's Flickr username, as the listing gives it. */
export const OWNER_NAME = "vaultkeeper";
const TIME_START = Date.UTC(2006, 0, 1) / 1000;
const TIME_END = Date.UTC(2024, 5, 1) / 1000;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function takenString(unix: number): string {
  const d = new Date(unix * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Creates `dir/catalog.db` and the media tree, and returns what it made. The catalog is closed
 * afterwards; open it again with `openCatalog(dir)`.
 *
 * @example
 * ```ts
 * const dir = await Deno.makeTempDir();
 * const seeded = await seedCatalog(dir, { photos: 40 });
 * ```
 */
export async function seedCatalog(dir: string, opts: SeedOptions = {}): Promise<SeededArchive> {
  const rng = new Rng(opts.seed ?? 7);
  const nPhotos = opts.photos ?? 120;
  const nVideos = Math.max(2, opts.videos ?? 6);
  const nFavorites = opts.favorites ?? 24;
  const catalog: Catalog = await openCatalog(dir, { create: true });
  try {
    const db = catalog.db;
    const stamp = new Date().toISOString();

    // People: ordinary, one with a non-Latin name, one hostile, one deleted.
    const people: NewPerson[] = [];
    const avatarFiles: [string, Uint8Array][] = [];
    for (let i = 0; i < 28; i++) {
      const nsid = `${40000000 + i * 7919}@N0${i % 8}`;
      const first = FIRST_NAMES[i % FIRST_NAMES.length];
      const family = FAMILY_NAMES[(i * 5) % FAMILY_NAMES.length];
      const avatar = i % 5 !== 4 ? `avatars/${nsid}.jpg` : null;
      if (avatar) avatarFiles.push([avatar, buddyIcon(nsid)]);
      people.push({
        nsid,
        username: `${first.toLowerCase()}${i}`,
        realname: i % 3 === 0 ? "" : `${first} ${family}`,
        location: i % 4 === 0 ? "Lisbon, Portugal" : null,
        path_alias: i % 2 === 0 ? `${first.toLowerCase()}_${i}` : null,
        iconserver: avatar ? "65535" : "0",
        iconfarm: 66,
        is_deleted: i === 27 ? 1 : 0,
        avatar_path: avatar,
        updated_at: stamp,
      });
    }
    const hostilePerson = "66666666@N06";
    people.push({
      nsid: hostilePerson,
      username: HOSTILE.username,
      realname: HOSTILE.realname,
      location: HOSTILE.title,
      updated_at: stamp,
    });
    // Like the archiver, the account owner is not in `people`: the listing's ownername names them.
    const others = people.filter((p) => p.nsid !== OWNER);
    const commenterNsid = others[1].nsid;

    // Own items.
    const items: NewItem[] = [];
    const files: NewFile[] = [];
    const tagsBy = new Map<string, ChildRows<NewTag>[]>();
    const mediaFiles: [string, Uint8Array][] = [...avatarFiles];
    const total = nPhotos + nVideos;
    const ownIds: string[] = [];
    for (let i = 0; i < total; i++) {
      const id = String(52000000000 + i * 1013);
      ownIds.push(id);
      const isVideo = i >= nPhotos;
      const uploaded = Math.floor(TIME_START + ((TIME_END - TIME_START) * (i + 1)) / (total + 1));
      const taken = uploaded - rng.int(0, 86400 * 30);
      const landscape = rng.chance(0.7);
      const [ow, oh] = landscape ? [1600, rng.pick([1067, 1200, 900])] : [1200, 1600];
      const place = rng.chance(0.5) ? rng.pick(PLACES) : null;
      const camera = rng.pick(CAMERAS);
      const title = i % 17 === 3
        ? rng.pick(NON_LATIN_TITLES)
        : i % 23 === 5
        ? LONG_TITLE
        : i % 19 === 7
        ? ""
        : rng.pick(TITLES);
      const rawTags = [...new Set([rng.pick(RAW_TAGS), rng.pick(RAW_TAGS), "travel"])].slice(
        0,
        rng.int(1, 3),
      );
      if (i % 3 === 0) rawTags.push("family");
      const machine = i % 9 === 0 ? [rng.pick(MACHINE_TAGS)] : [];
      tagsBy.set(id, [
        ...rawTags.map((raw) => ({ tag: normaliseTag(raw), raw, author: OWNER, is_machine: 0 })),
        ...machine.map((raw) => ({ tag: normaliseTag(raw), raw, author: OWNER, is_machine: 1 })),
      ]);
      const ym = takenString(taken).slice(0, 7).replace("-", "/");
      const slug = (title || "untitled").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(
        /^-|-$/g,
        "",
      ).slice(0, 40) || "photo";
      items.push({
        id,
        owner: OWNER,
        media: isVideo ? "video" : "photo",
        is_mine: 1,
        title,
        description: rng.pick(DESCRIPTIONS),
        date_taken: takenString(taken),
        date_taken_granularity: 0,
        date_uploaded: uploaded,
        last_update: uploaded + 3600,
        license: rng.pick(LICENSES).id,
        is_public: i % 10 === 0 ? 0 : 1,
        is_friend: i % 10 === 0 ? 1 : 0,
        is_family: i % 10 === 0 ? 1 : 0,
        safety_level: i % 31 === 0 ? 2 : 0,
        views: rng.int(0, 5000),
        tags: rawTags.map(normaliseTag).join(" "),
        machine_tags: machine.map(normaliseTag).join(" "),
        latitude: place?.latitude ?? null,
        longitude: place?.longitude ?? null,
        accuracy: place ? 16 : 0,
        place_id: place?.placeId ?? null,
        woeid: place?.woeid ?? null,
        neighbourhood: place?.neighbourhood ?? null,
        locality: place?.locality ?? null,
        county: place?.county ?? null,
        region: place?.region ?? null,
        country: place?.country ?? null,
        server: "65535",
        secret: rng.hex(10),
        original_secret: rng.hex(10),
        original_format: isVideo ? "mp4" : "jpg",
        o_width: isVideo ? 160 : ow,
        o_height: isVideo ? 120 : oh,
        duration: isVideo ? 2 : null,
        photopage_url: `https://www.flickr.com/photos/vaultkeeper/${id}/`,
        exif_json: isVideo ? null : JSON.stringify({
          Make: camera.make,
          Model: camera.model,
          ExposureTime: "1/250",
          FNumber: 5.6,
          ISO: rng.pick([100, 200, 400, 1600]),
          FocalLength: "35 mm",
          DateTimeOriginal: takenString(taken).replace(/-/g, ":"),
        }),
        exif_source: isVideo ? null : "file",
        camera_make: isVideo ? null : camera.make,
        camera_model: isVideo ? null : camera.model,
        listing_json: JSON.stringify({ id, owner: OWNER, ownername: OWNER_NAME, title }),
        first_seen_at: stamp,
        updated_at: stamp,
      });
      const base = `photos/${ym}/${id}_${slug}`;
      const tw = landscape ? 320 : 240;
      const th = Math.round((tw * oh) / ow);
      const dw = landscape ? 1024 : 768;
      const dh = Math.round((dw * oh) / ow);
      const media: [string, string, Uint8Array, number, number, string][] = [
        [
          "thumb",
          `thumbs/${ym}/${id}_n.jpg`,
          jpegFile({ width: tw, height: th, key: `${id}_n` }),
          tw,
          th,
          "image/jpeg",
        ],
        [
          "display",
          `display/${ym}/${id}_b.jpg`,
          jpegFile({ width: dw, height: dh, key: `${id}_b` }),
          dw,
          dh,
          "image/jpeg",
        ],
      ];
      if (!isVideo) {
        media.push([
          "original",
          `${base}.jpg`,
          jpegFile({ width: ow, height: oh, key: `${id}_o` }),
          ow,
          oh,
          "image/jpeg",
        ]);
      } else if (i === total - 1) {
        // Flickr refused the original: only the best stream (the manual-download case).
        const stream = mp4File({ key: `${id}_stream` });
        media.push(["video", `videos/${ym}/${id}_stream.mp4`, stream, 160, 120, "video/mp4"]);
      } else {
        media.push(["original", `${base}.mp4`, mp4File({ key: id }), 160, 120, "video/mp4"]);
        if (i % 2 === 0) {
          const stream = mp4File({ key: `${id}_stream` });
          media.push(["video", `videos/${ym}/${id}_stream.mp4`, stream, 160, 120, "video/mp4"]);
        }
      }
      for (const [kind, path, bytes, width, height, contentType] of media) {
        mediaFiles.push([path, bytes]);
        files.push({
          item_id: id,
          kind,
          path,
          bytes: bytes.length,
          sha256: await sha256Hex(bytes),
          content_type: contentType,
          width,
          height,
          fetched_at: stamp,
          verify_status: "ok",
        });
      }
    }

    // Favourites: others' photos.
    const favoriteIds: string[] = [];
    for (let i = 0; i < nFavorites; i++) {
      const id = String(48000000000 + i * 977);
      favoriteIds.push(id);
      const owner = others[(i * 3) % others.length].nsid;
      const fw = 1024, fh = i % 2 ? 768 : 683;
      items.push({
        id,
        owner,
        media: "photo",
        is_mine: 0,
        is_favorite_of_mine: 1,
        faved_at: TIME_END - i * 86400 * 11,
        title: rng.pick(TITLES),
        description: rng.pick(DESCRIPTIONS),
        date_taken: takenString(TIME_END - i * 86400 * 40),
        date_uploaded: TIME_END - i * 86400 * 39,
        license: 4,
        is_public: 1,
        is_friend: 0,
        is_family: 0,
        safety_level: 0,
        views: rng.int(10, 90000),
        tags: "sunset",
        listing_json: JSON.stringify({ id, owner }),
        first_seen_at: stamp,
        updated_at: stamp,
      });
      tagsBy.set(id, [{ tag: "sunset", raw: "sunset", author: owner, is_machine: 0 }]);
      for (
        const [kind, w, h] of [
          ["thumb", 320, Math.round(320 * fh / fw)],
          ["display", fw, fh],
          // The largest size the owner allows: the best copy of someone else's photo.
          ["original", fw, fh],
        ] as const
      ) {
        const path = `favorites/${owner.replace("@", "_")}/${id}_${kind}.jpg`;
        const bytes = jpegFile({ width: w, height: h, key: `${id}_${kind}` });
        mediaFiles.push([path, bytes]);
        files.push({
          item_id: id,
          kind,
          path,
          bytes: bytes.length,
          sha256: await sha256Hex(bytes),
          content_type: "image/jpeg",
          width: w,
          height: h,
          fetched_at: stamp,
        });
      }
    }

    // Special cases.
    const richId = ownIds[nPhotos - 2];
    const hostileId = ownIds[nPhotos - 3];
    const circaId = ownIds[10];
    const monthId = ownIds[11];
    const videoId = ownIds[nPhotos];
    const manualVideoId = ownIds[total - 1];
    const deletedId = ownIds[20];
    const byId = new Map(items.map((it) => [it.id, it]));
    Object.assign(byId.get(circaId)!, {
      date_taken: "1975-01-01 00:00:00",
      date_taken_granularity: 8,
    });
    Object.assign(byId.get(monthId)!, {
      date_taken: "2001-03-01 00:00:00",
      date_taken_granularity: 4,
    });
    Object.assign(byId.get(ownIds[12])!, {
      date_taken: "1999-01-01 00:00:00",
      date_taken_granularity: 6,
    });
    Object.assign(byId.get(ownIds[13])!, { date_taken_unknown: 1 });
    Object.assign(byId.get(hostileId)!, {
      title: HOSTILE.title,
      description: HOSTILE.description,
      tags: normaliseTag(HOSTILE.tag),
    });
    tagsBy.set(hostileId, [{
      tag: normaliseTag(HOSTILE.tag) || "hostile",
      raw: HOSTILE.tag,
      author: hostilePerson,
      is_machine: 0,
    }]);
    Object.assign(byId.get(richId)!, {
      title: "Harbour lights at dusk",
      description:
        'Shot from the pier.\nSee <a href="https://example.com/harbour">the harbour</a>.',
      latitude: PLACES[0].latitude,
      longitude: PLACES[0].longitude,
      accuracy: 16,
      locality: PLACES[0].locality,
      region: PLACES[0].region,
      country: PLACES[0].country,
      neighbourhood: PLACES[0].neighbourhood,
      has_people: 1,
      license: 11,
    });
    tagsBy.set(richId, [
      { tag: "harbour", raw: "Harbour", author: OWNER, is_machine: 0 },
      { tag: "newyork", raw: "New York", author: OWNER, is_machine: 0 },
      { tag: "travel", raw: "travel", author: OWNER, is_machine: 0 },
      { tag: "dc:subject=harbour", raw: "dc:subject=harbour", author: OWNER, is_machine: 1 },
    ]);
    Object.assign(byId.get(manualVideoId)!, {
      needs_manual_download: 1,
      manual_reason: "Flickr answered 404 for the video original; the best stream was kept",
    });
    Object.assign(byId.get(deletedId)!, {
      deleted_on_flickr: 1,
      deleted_detected_at: new Date(Date.UTC(2024, 4, 2)).toISOString(),
    });

    let duplicates: SeededArchive["duplicates"];
    if (opts.duplicates) {
      if (nPhotos < 46) throw new Error("seedCatalog: duplicates needs at least 46 photos");
      const [a, b, tagged, holder] = [ownIds[33], ownIds[34], ownIds[43], ownIds[44]];
      const originalOf = (id: string) =>
        files.find((f) => f.item_id === id && f.kind === "original")!;
      const bytesOf = (path: string) => mediaFiles.find(([p]) => p === path)![1];
      const [fa, fb] = [originalOf(a), originalOf(b)];
      const same = bytesOf(fa.path);
      mediaFiles[mediaFiles.findIndex(([p]) => p === fb.path)] = [fb.path, same];
      Object.assign(fb, { bytes: fa.bytes, sha256: fa.sha256, width: fa.width, height: fa.height });
      const md5 = createHash("md5").update(bytesOf(originalOf(holder).path)).digest("hex");
      const tag = `checksum:md5=${md5}`;
      const row = byId.get(tagged)!;
      row.machine_tags = [row.machine_tags, tag].filter(Boolean).join(" ");
      tagsBy.set(tagged, [
        ...(tagsBy.get(tagged) ?? []),
        { tag, raw: tag, author: OWNER, is_machine: 1 },
      ]);
      duplicates = { sameBytes: [a, b], tagged, tagHolder: holder };
    }

    // Comments, faves, notes, people tagged.
    const commentsBy = new Map<string, Omit<NewComment, "item_id">[]>();
    const favesBy = new Map<string, Omit<NewFave, "item_id">[]>();
    const notesBy = new Map<string, Omit<NewNote, "item_id">[]>();
    let commentSeq = 0;
    for (const it of items) {
      if (it.is_mine !== 1) continue;
      const nComments = it.id === richId ? 6 : rng.chance(0.35) ? rng.int(1, 4) : 0;
      const nFaves = it.id === richId ? 8 : rng.chance(0.3) ? rng.int(1, 6) : 0;
      const comments: Omit<NewComment, "item_id">[] = [];
      for (let c = 0; c < nComments; c++) {
        const author = c === 0 && it.id === richId ? others[1] : rng.pick(others);
        const html = it.id === hostileId && c === 0 ? HOSTILE.comment : rng.pick(COMMENTS);
        comments.push({
          id: `${it.id}-${72157600000000 + commentSeq++}`,
          author: author.nsid,
          authorname: author.username,
          realname: author.realname,
          author_is_deleted: author.is_deleted ?? 0,
          date_create: (it.date_uploaded ?? TIME_START) + 3600 * (c + 1),
          permalink: `https://www.flickr.com/photos/vaultkeeper/${it.id}/#comment${commentSeq}`,
          html,
          raw_json: JSON.stringify({ author: author.nsid, _content: html }),
        });
      }
      if (it.id === hostileId) {
        comments.push({
          id: `${it.id}-hostile-author`,
          author: hostilePerson,
          authorname: HOSTILE.username,
          realname: HOSTILE.realname,
          date_create: (it.date_uploaded ?? TIME_START) + 99,
          html: "Hello from a strange name",
          raw_json: "{}",
        });
      }
      if (comments.length) {
        commentsBy.set(it.id, comments);
        it.count_comments = comments.length;
      }
      const favers = new Set<string>();
      while (favers.size < nFaves) favers.add(rng.pick(others).nsid);
      if (it.id === richId) favers.add(commenterNsid);
      if (favers.size) {
        favesBy.set(
          it.id,
          [...favers].map((nsid, k) => ({
            nsid,
            fave_date: (it.date_uploaded ?? 0) + 7200 * (k + 1),
          })),
        );
        it.count_faves = favers.size;
      }
      if (it.id === richId || it.id === hostileId || rng.chance(0.06)) {
        notesBy.set(it.id, [
          {
            id: `n${it.id}a`,
            author: OWNER,
            authorname: "vaultkeeper",
            x: 40,
            y: 30,
            w: 120,
            h: 80,
            text: it.id === hostileId ? HOSTILE.note : rng.pick(NOTES),
          },
          ...(it.id === richId
            ? [{
              id: `n${it.id}b`,
              author: others[2].nsid,
              authorname: others[2].username,
              x: 300,
              y: 150,
              w: 90,
              h: 90,
              text: "The old lighthouse",
            }]
            : []),
        ]);
      }
    }

    await upsertPeople(db, people);
    await upsertItems(db, items);
    await upsertFiles(db, files);
    await replaceTagsBulk(db, tagsBy);
    await replaceCommentsBulk(db, commentsBy);
    await replaceFavesBulk(db, favesBy);
    await replaceNotesBulk(db, notesBy);
    await replacePhotoPeopleBulk(
      db,
      new Map([[richId, [
        { nsid: others[3].nsid, added_by: OWNER, x: 50, y: 60, w: 100, h: 120 },
        { nsid: others[4].nsid, added_by: OWNER, x: null, y: null, w: null, h: null },
      ]]]),
    );
    await upsertLicenses(db, LICENSES.map((l) => ({ id: l.id, name: l.name, url: l.url || null })));

    // Albums in the person's order, items in album order (not date order).
    const albumIds = [
      "72157700000000001",
      "72157700000000002",
      "72157700000000003",
      "72157700000000004",
      "72157700000000005",
    ];
    const albumTitles = ["Summer trips", "Family", HOSTILE.album, "Harbour walks", "Empty album"];
    const itemsByAlbum = new Map<string, string[]>();
    albumIds.forEach((aid, a) => {
      if (a === 4) return itemsByAlbum.set(aid, []);
      const chosen = ownIds.filter((_, k) => (k * 7 + a * 3) % (a + 3) === 0).slice(0, 40);
      if (a === 3) chosen.unshift(richId);
      if (a === 0) chosen.push(richId, videoId);
      itemsByAlbum.set(aid, chosen.sort(() => rng.next() - 0.5));
    });
    await replaceAlbums(
      db,
      albumIds.map((id, position) => ({
        id,
        position,
        title: albumTitles[position],
        description: position === 2
          ? HOSTILE.description
          : position === 0
          ? "Places we went.\nAnd came back from."
          : "",
        primary_photo_id: itemsByAlbum.get(id)?.[0] ?? null,
        count_photos: itemsByAlbum.get(id)!.length,
        count_videos: 0,
        count_views: 10 * position,
        date_create: TIME_START + position * 86400,
        date_update: TIME_END - position * 86400,
        raw_json: "{}",
      })),
      itemsByAlbum,
    );
    const collectionIds = [
      "100-72157600000000010",
      "100-72157600000000011",
      "100-72157600000000012",
    ];
    await replaceCollections(
      db,
      [
        {
          id: collectionIds[0],
          parent_id: null,
          position: 0,
          title: "Travel",
          description: "All the trips",
          raw_json: "{}",
        },
        {
          id: collectionIds[1],
          parent_id: collectionIds[0],
          position: 0,
          title: "By the sea",
          description: "",
          raw_json: "{}",
        },
        {
          id: collectionIds[2],
          parent_id: null,
          position: 1,
          title: "Home",
          description: "",
          raw_json: "{}",
        },
      ],
      new Map([[collectionIds[0], [albumIds[0]]], [collectionIds[1], [albumIds[3]]], [
        collectionIds[2],
        [albumIds[1], albumIds[2]],
      ]]),
    );
    const galleryIds = ["66911286-72157600000000020", "66911286-72157600000000021"];
    await replaceGalleries(
      db,
      [
        {
          id: galleryIds[0],
          position: 0,
          title: "Blue hours",
          description: "Other people's evenings.",
          url: "https://www.flickr.com/photos/vaultkeeper/galleries/72157600000000020/",
          count_photos: 4,
          count_videos: 0,
          date_create: TIME_END - 86400 * 100,
          date_update: null,
          raw_json: "{}",
        },
        {
          id: galleryIds[1],
          position: 1,
          title: "Favourite doors",
          description: HOSTILE.description,
          url: null,
          count_photos: 1,
          count_videos: 0,
          date_create: TIME_END - 86400 * 50,
          date_update: null,
          raw_json: "{}",
        },
      ],
      new Map([
        [galleryIds[0], [
          ...favoriteIds.slice(0, 3).map((id) => ({
            item_id: id,
            owner: byId.get(id)!.owner,
            title: byId.get(id)!.title ?? "",
            raw_json: "{}",
          })),
          {
            item_id: "31415926535",
            owner: others[5].nsid,
            title: "Not in the archive",
            raw_json: "{}",
          },
        ]],
        [galleryIds[1], [{
          item_id: favoriteIds[4],
          owner: byId.get(favoriteIds[4])!.owner,
          title: null,
          raw_json: "{}",
        }]],
      ]),
    );
    const groupIds = ["34427469792@N01", "52242317293@N01", "95098188@N00"];
    await replaceGroups(
      db,
      [
        { id: groupIds[0], name: "FlickrCentral", position: 0, raw_json: "{}" },
        { id: groupIds[1], name: "Harbours of the World", position: 1, raw_json: "{}" },
        { id: groupIds[2], name: HOSTILE.title, position: 2, raw_json: "{}" },
      ],
      new Map([
        [
          groupIds[0],
          ownIds.filter((_, k) => k % 4 === 0).map((item_id, k) => ({
            item_id,
            date_added: TIME_START + k * 86400 * 20,
          })),
        ],
        [groupIds[1], [{ item_id: richId, date_added: TIME_END - 86400 }]],
        [groupIds[2], [{ item_id: hostileId, date_added: TIME_END - 86400 * 2 }]],
      ]),
    );

    // A verification failure.
    const missing = files.find((f) => f.item_id === ownIds[30] && f.kind === "original")!;
    await db.updateTable("files").set({ verify_status: "missing", verified_at: stamp })
      .where("path", "=", missing.path).execute();
    const missingRow = await db.selectFrom("files").select("id").where("path", "=", missing.path)
      .executeTakeFirstOrThrow();

    await setMeta(db, "user_nsid", OWNER);
    await setMeta(db, "username", "vaultkeeper");
    const run = await startRun(db, "archive");
    await finishRun(db, run, "done", { api_calls: 412, bytes_downloaded: 123456789 });
    await refreshSearch(db, items.map((i) => i.id));

    for (const [path, bytes] of mediaFiles) {
      if (path === missing.path) continue;
      const full = join(dir, path);
      await Deno.mkdir(join(full, ".."), { recursive: true });
      await Deno.writeFile(full, bytes);
    }

    return {
      dir,
      ownerNsid: OWNER,
      ownIds,
      favoriteIds,
      richId,
      hostileId,
      videoId,
      manualVideoId,
      deletedId,
      circaId,
      monthId,
      commenterNsid,
      hostilePersonNsid: hostilePerson,
      albumIds,
      collectionIds,
      galleryIds,
      groupIds,
      commonTag: "travel",
      missingFileId: missingRow.id,
      duplicates,
    };
  } finally {
    await catalog.close();
  }
}
