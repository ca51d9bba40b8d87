/**
 * The catalog's migrations, in code so that the compiled binary carries them.
 *
 * Each migration is a list of SQL statements run in one transaction. The schema is documented in
 * docs/catalog.md for people who query `catalog.db` with sqlite3 or Datasette; keep the two in step
 * (tests/docs_test.ts checks that it names every table). Never edit a migration that has shipped:
 * add a new one.
 *
 * Tested by src/catalog/db_test.ts and src/catalog/duplicates_test.ts.
 * @module
 */

/** One step of the schema's history. */
export interface Migration {
  name: string;
  statements: string[];
  /**
   * Only what writes to the catalog uses it (the viewer never reads it): a read-only open of a
   * catalog without it goes on, rather than asking for an upgrade first.
   */
  writersOnly?: boolean;
}

export const migrations: Migration[] = [
  {
    name: "0001_initial",
    statements: [
      // Key/value facts about the archive: account nsid, username, last successful run time, ...
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,

      // One row per archive or import run.
      `CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,                 -- 'archive' | 'import'
        started_at TEXT NOT NULL,           -- ISO time
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'running', -- 'running' | 'done' | 'failed' | 'interrupted'
        api_calls INTEGER NOT NULL DEFAULT 0,
        retries INTEGER NOT NULL DEFAULT 0,
        bytes_downloaded INTEGER NOT NULL DEFAULT 0,
        summary_json TEXT
      )`,

      // Every photo or video: the person's own, and others' photos the person faved.
      `CREATE TABLE items (
        id TEXT PRIMARY KEY,                -- Flickr photo id
        owner TEXT NOT NULL,                -- owner nsid
        media TEXT NOT NULL,                -- 'photo' | 'video'
        is_mine INTEGER NOT NULL,           -- 1 for the account's own items
        is_favorite_of_mine INTEGER NOT NULL DEFAULT 0,
        faved_at INTEGER,                   -- unix time the person faved it (favourites only)
        title TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '', -- Flickr HTML, unsanitised: sanitise when shown
        date_taken TEXT,                    -- 'YYYY-MM-DD HH:MM:SS', local time as Flickr gives it
        date_taken_granularity INTEGER NOT NULL DEFAULT 0, -- 0 second, 4 month, 6 year, 8 circa
        date_taken_unknown INTEGER NOT NULL DEFAULT 0,
        date_uploaded INTEGER,              -- unix time
        last_update INTEGER,                -- unix time, Flickr's lastupdate
        license INTEGER,
        is_public INTEGER, is_friend INTEGER, is_family INTEGER,
        safety_level INTEGER,
        views INTEGER,
        count_comments INTEGER NOT NULL DEFAULT 0,
        count_faves INTEGER NOT NULL DEFAULT 0,
        tags TEXT NOT NULL DEFAULT '',      -- space-separated normalised tags as listed
        machine_tags TEXT NOT NULL DEFAULT '',
        latitude REAL, longitude REAL, accuracy INTEGER,
        place_id TEXT, woeid TEXT,
        neighbourhood TEXT, locality TEXT, county TEXT, region TEXT, country TEXT,
        server TEXT, secret TEXT,
        original_secret TEXT, original_format TEXT,
        o_width INTEGER, o_height INTEGER,
        rotation INTEGER,
        path_alias TEXT,
        media_status TEXT,
        duration INTEGER,                   -- video seconds, from getInfo
        can_download INTEGER,               -- usage.candownload where known
        has_people INTEGER,                 -- from getInfo
        photopage_url TEXT,
        exif_json TEXT,                     -- EXIF as read from the original (or getExif)
        exif_source TEXT,                   -- 'file' | 'api' | NULL
        exif_error TEXT,                    -- why EXIF could not be read, if so
        camera_make TEXT, camera_model TEXT,
        checksum_md5_status TEXT,           -- 'match' | 'mismatch' | NULL (no checksum:md5= tag)
        -- pipeline state, so an interrupted run resumes where it stopped
        listing_json TEXT NOT NULL,         -- the item's object from the last listing page
        info_json TEXT,                     -- the last flickr.photos.getInfo answer
        info_last_update INTEGER,           -- last_update when info_json was fetched
        comments_synced INTEGER,            -- count_comments when comments were last fetched
        faves_synced INTEGER,               -- count_faves when faves were last fetched
        people_synced INTEGER,              -- last_update when people.getList was fetched
        sizes_synced INTEGER,               -- last_update when getSizes was fetched (videos)
        needs_manual_download INTEGER NOT NULL DEFAULT 0,
        manual_reason TEXT,
        deleted_on_flickr INTEGER NOT NULL DEFAULT 0,
        deleted_detected_at TEXT,
        first_seen_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE INDEX items_taken ON items (is_mine, date_taken DESC, id DESC)`,
      `CREATE INDEX items_uploaded ON items (is_mine, date_uploaded DESC, id DESC)`,
      `CREATE INDEX items_faved ON items (is_favorite_of_mine, faved_at DESC, id DESC)`,
      `CREATE INDEX items_owner ON items (owner)`,
      `CREATE INDEX items_manual ON items (needs_manual_download) WHERE needs_manual_download = 1`,

      // Files on disk. One current row per (item, kind); replaced originals keep earlier versions.
      `CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES items(id),
        kind TEXT NOT NULL,                 -- 'original' | 'display' | 'thumb' | 'video' (best stream)
        path TEXT NOT NULL UNIQUE,          -- relative to the archive root, '/' separated
        bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        content_type TEXT,
        width INTEGER, height INTEGER,
        secret TEXT,                        -- the secret of the URL it came from (changes on replace)
        is_current INTEGER NOT NULL DEFAULT 1, -- 0 for earlier versions of a replaced photo
        fetched_at TEXT NOT NULL,
        verify_status TEXT,                 -- NULL | 'ok' | 'missing' | 'altered'
        verified_at TEXT
      )`,
      `CREATE UNIQUE INDEX files_current ON files (item_id, kind) WHERE is_current = 1`,

      // Everyone who appears: commenters, favers, people tagged, owners of favourites, gallery curators.
      `CREATE TABLE people (
        nsid TEXT PRIMARY KEY,
        username TEXT,
        realname TEXT,
        path_alias TEXT,
        location TEXT,
        iconserver TEXT,
        iconfarm INTEGER,
        is_deleted INTEGER NOT NULL DEFAULT 0,
        ispro INTEGER,
        info_json TEXT,                     -- flickr.people.getInfo answer, when one was needed
        avatar_path TEXT,                   -- relative path of the downloaded buddy icon
        avatar_sha256 TEXT,
        updated_at TEXT NOT NULL
      )`,

      `CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES items(id),
        author TEXT NOT NULL,               -- nsid
        authorname TEXT,
        realname TEXT,
        author_is_deleted INTEGER NOT NULL DEFAULT 0,
        date_create INTEGER NOT NULL,       -- unix time
        permalink TEXT,
        html TEXT NOT NULL,                 -- Flickr HTML, unsanitised
        raw_json TEXT NOT NULL
      )`,
      `CREATE INDEX comments_item ON comments (item_id, date_create)`,
      `CREATE INDEX comments_author ON comments (author, date_create DESC)`,

      `CREATE TABLE faves (
        item_id TEXT NOT NULL REFERENCES items(id),
        nsid TEXT NOT NULL,
        fave_date INTEGER,                  -- unix time
        PRIMARY KEY (item_id, nsid)
      )`,
      `CREATE INDEX faves_nsid ON faves (nsid, fave_date DESC)`,

      // Tags with their raw form and author, from getInfo (or from the listing until getInfo ran).
      `CREATE TABLE tags (
        item_id TEXT NOT NULL REFERENCES items(id),
        tag TEXT NOT NULL,                  -- normalised, as in URLs
        raw TEXT NOT NULL,
        author TEXT,
        is_machine INTEGER NOT NULL DEFAULT 0,
        date_taken TEXT,                    -- the item's, kept by triggers: a tag page walks tags_tag
        PRIMARY KEY (item_id, tag)
      )`,
      `CREATE INDEX tags_tag ON tags (tag, date_taken DESC, item_id DESC)`,
      `CREATE TRIGGER tags_date_taken AFTER INSERT ON tags BEGIN
        UPDATE tags SET date_taken = (SELECT date_taken FROM items WHERE id = NEW.item_id)
          WHERE item_id = NEW.item_id AND tag = NEW.tag;
      END`,
      `CREATE TRIGGER items_date_taken_tags AFTER UPDATE OF date_taken ON items
        WHEN OLD.date_taken IS NOT NEW.date_taken BEGIN
        UPDATE tags SET date_taken = NEW.date_taken WHERE item_id = NEW.id;
      END`,

      // How many items some lists hold, kept by triggers so pages never count them: 'mine' (the
      // account's own items) and 'tag:<tag>' (items carrying the normalised tag).
      `CREATE TABLE list_counts (
        list TEXT PRIMARY KEY,
        count INTEGER NOT NULL
      ) WITHOUT ROWID`,
      `CREATE TRIGGER tags_count_insert AFTER INSERT ON tags BEGIN
        INSERT INTO list_counts (list, count) VALUES ('tag:' || NEW.tag, 1)
          ON CONFLICT (list) DO UPDATE SET count = count + 1;
      END`,
      `CREATE TRIGGER tags_count_delete AFTER DELETE ON tags BEGIN
        UPDATE list_counts SET count = count - 1 WHERE list = 'tag:' || OLD.tag;
        DELETE FROM list_counts WHERE list = 'tag:' || OLD.tag AND count <= 0;
      END`,
      `CREATE TRIGGER tags_count_update AFTER UPDATE OF tag ON tags
        WHEN OLD.tag IS NOT NEW.tag BEGIN
        UPDATE list_counts SET count = count - 1 WHERE list = 'tag:' || OLD.tag;
        DELETE FROM list_counts WHERE list = 'tag:' || OLD.tag AND count <= 0;
        INSERT INTO list_counts (list, count) VALUES ('tag:' || NEW.tag, 1)
          ON CONFLICT (list) DO UPDATE SET count = count + 1;
      END`,
      `CREATE TRIGGER items_count_insert AFTER INSERT ON items WHEN NEW.is_mine = 1 BEGIN
        INSERT INTO list_counts (list, count) VALUES ('mine', 1)
          ON CONFLICT (list) DO UPDATE SET count = count + 1;
      END`,
      `CREATE TRIGGER items_count_delete AFTER DELETE ON items WHEN OLD.is_mine = 1 BEGIN
        UPDATE list_counts SET count = count - 1 WHERE list = 'mine';
      END`,
      `CREATE TRIGGER items_count_update AFTER UPDATE OF is_mine ON items
        WHEN OLD.is_mine IS NOT NEW.is_mine BEGIN
        INSERT INTO list_counts (list, count) VALUES ('mine', NEW.is_mine - OLD.is_mine)
          ON CONFLICT (list) DO UPDATE SET count = count + NEW.is_mine - OLD.is_mine;
      END`,

      `CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES items(id),
        author TEXT,
        authorname TEXT,
        x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL, h INTEGER NOT NULL, -- on the 500px image
        text TEXT NOT NULL
      )`,
      `CREATE INDEX notes_item ON notes (item_id)`,

      `CREATE TABLE photo_people (
        item_id TEXT NOT NULL REFERENCES items(id),
        nsid TEXT NOT NULL,
        added_by TEXT,
        x INTEGER, y INTEGER, w INTEGER, h INTEGER,
        PRIMARY KEY (item_id, nsid)
      )`,
      `CREATE INDEX photo_people_nsid ON photo_people (nsid)`,

      `CREATE TABLE albums (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,          -- the person's order, 0 first
        title TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        primary_photo_id TEXT,
        count_photos INTEGER, count_videos INTEGER, count_views INTEGER,
        date_create INTEGER, date_update INTEGER,
        raw_json TEXT NOT NULL
      )`,
      `CREATE TABLE album_items (
        album_id TEXT NOT NULL REFERENCES albums(id),
        item_id TEXT NOT NULL,
        position INTEGER NOT NULL,          -- album order, 0 first
        PRIMARY KEY (album_id, item_id)
      )`,
      `CREATE INDEX album_items_order ON album_items (album_id, position)`,
      `CREATE INDEX album_items_item ON album_items (item_id)`,

      `CREATE TABLE collections (
        id TEXT PRIMARY KEY,
        parent_id TEXT,                     -- NULL at the top of the tree
        position INTEGER NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        raw_json TEXT NOT NULL
      )`,
      `CREATE TABLE collection_albums (
        collection_id TEXT NOT NULL REFERENCES collections(id),
        album_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (collection_id, album_id)
      )`,

      `CREATE TABLE galleries (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        url TEXT,
        count_photos INTEGER, count_videos INTEGER,
        date_create INTEGER, date_update INTEGER,
        raw_json TEXT NOT NULL
      )`,
      // Galleries hold other people's photos too: what the listing said of each is kept here.
      `CREATE TABLE gallery_items (
        gallery_id TEXT NOT NULL REFERENCES galleries(id),
        item_id TEXT NOT NULL,
        owner TEXT,
        title TEXT,
        position INTEGER NOT NULL,
        raw_json TEXT NOT NULL,
        PRIMARY KEY (gallery_id, item_id)
      )`,

      `CREATE TABLE groups (
        id TEXT PRIMARY KEY,                -- group nsid
        name TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        raw_json TEXT NOT NULL
      )`,
      `CREATE TABLE group_items (
        group_id TEXT NOT NULL REFERENCES groups(id),
        item_id TEXT NOT NULL,
        date_added INTEGER,
        PRIMARY KEY (group_id, item_id)
      )`,
      `CREATE INDEX group_items_item ON group_items (item_id)`,

      `CREATE TABLE licenses (id INTEGER PRIMARY KEY, name TEXT NOT NULL, url TEXT)`,

      // The raw JSON of every other API answer the catalog was built from, latest per (method, key).
      `CREATE TABLE api_responses (
        method TEXT NOT NULL,
        key TEXT NOT NULL,                  -- e.g. the photo id, or 'page=3'
        fetched_at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (method, key)
      )`,

      // Full-text search over what a person would look for. Rebuilt per item by the catalog code.
      `CREATE VIRTUAL TABLE search USING fts5(
        item_id UNINDEXED, title, description, tags, comments, places,
        tokenize = 'unicode61 remove_diacritics 2'
      )`,
    ],
  },
  {
    name: "0002_commit_journal",
    writersOnly: true,
    statements: [
      // Downloaded files about to be renamed into place, written before the renames and removed
      // with the rows that record them: after a run killed in between, it says what each file is.
      `CREATE TABLE commit_journal (
        path TEXT PRIMARY KEY,              -- where the file was put, relative to the archive
        sha256 TEXT NOT NULL,
        entry_json TEXT NOT NULL            -- what the originals phase was about to record
      )`,
    ],
  },
  {
    name: "0003_unknown_counts",
    writersOnly: true,
    statements: [
      // A count Flickr did not give is unknown (NULL), not 0: the details phase then fetches the
      // comments or faves once rather than assuming there are none. (libSQL's ALTER COLUMN keeps
      // the rows; it rewrites only the column's declaration.)
      `ALTER TABLE items ALTER COLUMN count_comments TO count_comments INTEGER`,
      `ALTER TABLE items ALTER COLUMN count_faves TO count_faves INTEGER`,
      // Earlier versions stored 0 where the listing had no count. Comments: getInfo's count where
      // it was fetched, else unknown. Faves have no other source: unknown, and fetched again.
      // (Imported items, whose listing_json is '{}', took their counts from the export.)
      `UPDATE items SET count_comments = CAST(json_extract(info_json, '$.comments._content') AS INTEGER)
        WHERE listing_json != '{}' AND json_type(listing_json, '$.count_comments') IS NULL`,
      `UPDATE items SET count_faves = NULL, faves_synced = NULL
        WHERE listing_json != '{}' AND json_type(listing_json, '$.count_faves') IS NULL`,
    ],
  },
  {
    name: "0004_duplicates",
    // The viewer reads a catalog without it (no checksum tag matched until the next run writes).
    writersOnly: true,
    statements: [
      // The MD5 of a current original (or largest copy), to find the item whose bytes another
      // item's `checksum:md5=` machine tag names. Filled when any item carries such a tag.
      `ALTER TABLE files ADD COLUMN md5 TEXT`,
      // Items whose originals have the same bytes, and the tag lookups by MD5 (viewer: /duplicates).
      `CREATE INDEX files_sha256 ON files (sha256) WHERE is_current = 1`,
      `CREATE INDEX files_md5 ON files (md5) WHERE md5 IS NOT NULL`,
    ],
  },
  {
    name: "0005_sidecars",
    writersOnly: true,
    statements: [
      // The XMP sidecar written beside each item's original (or best copy): where, and the
      // SHA-256 of what was written, so that a run rewrites only the sidecars whose metadata changed.
      `CREATE TABLE sidecars (
        item_id TEXT PRIMARY KEY REFERENCES items(id),
        path TEXT NOT NULL,                 -- relative to the archive, '/' separated
        sha256 TEXT NOT NULL,               -- of the XMP file's bytes
        written_at TEXT NOT NULL            -- ISO time
      )`,
    ],
  },
  {
    name: "0006_made_pictures",
    // The viewer reads a catalog without it: only the pictures phase asks which copies it made.
    writersOnly: true,
    statements: [
      // A display copy or thumbnail made on this machine (from an original the export gave)
      // names the SHA-256 of that original; NULL for files fetched from Flickr. A made copy is
      // made again when its original changes, and a later `archive` replaces it with Flickr's.
      `ALTER TABLE files ADD COLUMN made_from TEXT`,
    ],
  },
  {
    name: "0007_files_sha256_originals",
    writersOnly: true,
    statements: [
      // Only the files the duplicates queries read (originals and largest copies), not every
      // thumbnail and display copy: each new file's random key dirtied a page of this index, so a
      // batch of 500 files wrote ~500 index pages to the WAL, and at 100,000 items the index
      // (24 MB) outgrew the page cache. A third of the entries, and of the pages written.
      `DROP INDEX IF EXISTS files_sha256`,
      `CREATE INDEX files_sha256 ON files (sha256)
        WHERE is_current = 1 AND kind IN ('original', 'largest')`,
    ],
  },
];
