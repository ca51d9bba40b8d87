/**
 * Kysely types for the catalog, mirroring migration 0001 in `migrations.ts` column for column.
 *
 * Columns with a SQL default (and `INTEGER PRIMARY KEY` row ids) are `Generated<>`, so inserts may
 * leave them out; nullable columns are `T | null`. Booleans are SQLite integers (0 or 1), times are
 * unix seconds (`INTEGER`) or ISO strings (`TEXT`) exactly as the migration's comments say.
 *
 * Types only.
 *
 * @example
 * ```ts
 * import type { NewItem } from "./schema.ts";
 * const row: NewItem = {
 *   id: "123", owner: "1@N01", media: "photo", is_mine: 1, listing_json: "{}",
 *   first_seen_at: new Date().toISOString(), updated_at: new Date().toISOString(),
 * };
 * ```
 * @module
 */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/** `meta`: key/value facts about the archive (account nsid, username, ...). */
export interface MetaTable {
  key: string;
  value: string;
}

/** `runs`: one row per archive or import run. */
export interface RunsTable {
  id: Generated<number>;
  /** 'archive' | 'import' */
  kind: string;
  /** ISO time */
  started_at: string;
  finished_at: string | null;
  /** 'running' | 'done' | 'failed' | 'interrupted' */
  status: Generated<string>;
  api_calls: Generated<number>;
  retries: Generated<number>;
  bytes_downloaded: Generated<number>;
  summary_json: string | null;
}

/** `items`: every photo or video, the person's own and the favourites of others. */
export interface ItemsTable {
  id: string;
  owner: string;
  /** 'photo' | 'video' */
  media: string;
  is_mine: number;
  is_favorite_of_mine: Generated<number>;
  faved_at: number | null;
  title: Generated<string>;
  description: Generated<string>;
  /** 'YYYY-MM-DD HH:MM:SS', local time as Flickr gives it */
  date_taken: string | null;
  date_taken_granularity: Generated<number>;
  date_taken_unknown: Generated<number>;
  date_uploaded: number | null;
  last_update: number | null;
  license: number | null;
  is_public: number | null;
  is_friend: number | null;
  is_family: number | null;
  safety_level: number | null;
  views: number | null;
  /** Unknown (NULL) when no answer gave it. */
  count_comments: number | null;
  count_faves: number | null;
  tags: Generated<string>;
  machine_tags: Generated<string>;
  latitude: number | null;
  longitude: number | null;
  accuracy: number | null;
  place_id: string | null;
  woeid: string | null;
  neighbourhood: string | null;
  locality: string | null;
  county: string | null;
  region: string | null;
  country: string | null;
  server: string | null;
  secret: string | null;
  original_secret: string | null;
  original_format: string | null;
  o_width: number | null;
  o_height: number | null;
  rotation: number | null;
  path_alias: string | null;
  media_status: string | null;
  duration: number | null;
  can_download: number | null;
  has_people: number | null;
  photopage_url: string | null;
  exif_json: string | null;
  /** 'file' | 'api' | null */
  exif_source: string | null;
  exif_error: string | null;
  camera_make: string | null;
  camera_model: string | null;
  /** 'match' | 'mismatch' | null */
  checksum_md5_status: string | null;
  listing_json: string;
  info_json: string | null;
  info_last_update: number | null;
  comments_synced: number | null;
  faves_synced: number | null;
  people_synced: number | null;
  sizes_synced: number | null;
  needs_manual_download: Generated<number>;
  manual_reason: string | null;
  deleted_on_flickr: Generated<number>;
  deleted_detected_at: string | null;
  first_seen_at: string;
  updated_at: string;
}

/** `files`: files on disk; one current row per (item, kind). */
export interface FilesTable {
  id: Generated<number>;
  item_id: string;
  /** 'original' | 'display' | 'thumb' | 'video' */
  kind: string;
  /** relative to the archive root, '/' separated */
  path: string;
  bytes: number;
  sha256: string;
  /**
   * Lower-case hex MD5 of a current original or largest copy, to match `checksum:md5=` machine
   * tags; null until computed (only where some item carries such a tag).
   */
  md5: string | null;
  content_type: string | null;
  width: number | null;
  height: number | null;
  secret: string | null;
  is_current: Generated<number>;
  fetched_at: string;
  /** null | 'ok' | 'missing' | 'altered' */
  verify_status: string | null;
  verified_at: string | null;
  /**
   * For a display copy or thumbnail made on this machine: the SHA-256 of the original it was made
   * from. Null for files fetched from Flickr (and in catalogs from before migration 0006).
   */
  made_from: string | null;
}

/** `people`: everyone who appears in the archive. */
export interface PeopleTable {
  nsid: string;
  username: string | null;
  realname: string | null;
  path_alias: string | null;
  location: string | null;
  iconserver: string | null;
  iconfarm: number | null;
  is_deleted: Generated<number>;
  ispro: number | null;
  info_json: string | null;
  avatar_path: string | null;
  avatar_sha256: string | null;
  updated_at: string;
}

/** `comments` on archived items. */
export interface CommentsTable {
  id: string;
  item_id: string;
  author: string;
  authorname: string | null;
  realname: string | null;
  author_is_deleted: Generated<number>;
  date_create: number;
  permalink: string | null;
  html: string;
  raw_json: string;
}

/** `faves`: who faved an archived item. */
export interface FavesTable {
  item_id: string;
  nsid: string;
  fave_date: number | null;
}

/** `tags` with raw form and author. */
export interface TagsTable {
  item_id: string;
  tag: string;
  raw: string;
  author: string | null;
  is_machine: Generated<number>;
  /** The item's `date_taken`, copied by triggers (never written by the catalog code). */
  date_taken: Generated<string | null>;
}

/** `list_counts`: how many items some lists hold ('mine', 'tag:<tag>'), kept by triggers. */
export interface ListCountsTable {
  list: string;
  count: number;
}

/** `notes` drawn on photos (coordinates on the 500px image). */
export interface NotesTable {
  id: string;
  item_id: string;
  author: string | null;
  authorname: string | null;
  x: number;
  y: number;
  w: number;
  h: number;
  text: string;
}

/** `photo_people`: people tagged in a photo. */
export interface PhotoPeopleTable {
  item_id: string;
  nsid: string;
  added_by: string | null;
  x: number | null;
  y: number | null;
  w: number | null;
  h: number | null;
}

/** `albums` (Flickr photosets). */
export interface AlbumsTable {
  id: string;
  position: number;
  title: Generated<string>;
  description: Generated<string>;
  primary_photo_id: string | null;
  count_photos: number | null;
  count_videos: number | null;
  count_views: number | null;
  date_create: number | null;
  date_update: number | null;
  raw_json: string;
}

/** `album_items`: album membership in album order. */
export interface AlbumItemsTable {
  album_id: string;
  item_id: string;
  position: number;
}

/** `collections`: the tree of collections. */
export interface CollectionsTable {
  id: string;
  parent_id: string | null;
  position: number;
  title: Generated<string>;
  description: Generated<string>;
  raw_json: string;
}

/** `collection_albums`: albums in a collection. */
export interface CollectionAlbumsTable {
  collection_id: string;
  album_id: string;
  position: number;
}

/** `galleries` curated by the person. */
export interface GalleriesTable {
  id: string;
  position: number;
  title: Generated<string>;
  description: Generated<string>;
  url: string | null;
  count_photos: number | null;
  count_videos: number | null;
  date_create: number | null;
  date_update: number | null;
  raw_json: string;
}

/** `gallery_items`: photos in a gallery, often other people's. */
export interface GalleryItemsTable {
  gallery_id: string;
  item_id: string;
  owner: string | null;
  title: string | null;
  position: number;
  raw_json: string;
}

/** `groups` the person's items are in. */
export interface GroupsTable {
  id: string;
  name: Generated<string>;
  position: number;
  raw_json: string;
}

/** `group_items`: the person's items in a group pool. */
export interface GroupItemsTable {
  group_id: string;
  item_id: string;
  date_added: number | null;
}

/** `licenses` as flickr.photos.licenses.getInfo lists them. */
export interface LicensesTable {
  id: number;
  name: string;
  url: string | null;
}

/** `api_responses`: raw JSON of API answers, latest per (method, key). */
export interface ApiResponsesTable {
  method: string;
  key: string;
  fetched_at: string;
  body: string;
}

/**
 * `commit_journal`: downloads the originals phase is putting in place, from before their renames
 * until the rows that record them (see `src/archive/originals.ts`).
 */
export interface CommitJournalTable {
  path: string;
  sha256: string;
  entry_json: string;
}

/** `sidecars`: the XMP sidecar written for each item, and the hash of what was written. */
export interface SidecarsTable {
  item_id: string;
  /** relative to the archive root, '/' separated */
  path: string;
  sha256: string;
  /** ISO time */
  written_at: string;
}

/**
 * `search`: the FTS5 table, one row per item, rebuilt by `refreshSearch`. Its rowid is the numeric
 * photo id, so `search.rowid = CAST(items.id AS INTEGER)`; query with `search MATCH ?`.
 */
export interface SearchTable {
  item_id: string;
  title: string;
  description: string;
  tags: string;
  comments: string;
  places: string;
}

/** `schema_migrations`: which migrations of `migrations.ts` have run. */
export interface SchemaMigrationsTable {
  name: string;
  applied_at: string;
}

/** The whole catalog, for `Kysely<Database>`. */
export interface Database {
  meta: MetaTable;
  runs: RunsTable;
  items: ItemsTable;
  files: FilesTable;
  people: PeopleTable;
  comments: CommentsTable;
  faves: FavesTable;
  tags: TagsTable;
  list_counts: ListCountsTable;
  notes: NotesTable;
  photo_people: PhotoPeopleTable;
  albums: AlbumsTable;
  album_items: AlbumItemsTable;
  collections: CollectionsTable;
  collection_albums: CollectionAlbumsTable;
  galleries: GalleriesTable;
  gallery_items: GalleryItemsTable;
  groups: GroupsTable;
  group_items: GroupItemsTable;
  licenses: LicensesTable;
  api_responses: ApiResponsesTable;
  commit_journal: CommitJournalTable;
  sidecars: SidecarsTable;
  search: SearchTable;
  schema_migrations: SchemaMigrationsTable;
}

export type RunRow = Selectable<RunsTable>;
export type NewRun = Insertable<RunsTable>;
export type RunUpdate = Updateable<RunsTable>;
export type ItemRow = Selectable<ItemsTable>;
export type NewItem = Insertable<ItemsTable>;
export type ItemUpdate = Updateable<ItemsTable>;
export type FileRow = Selectable<FilesTable>;
export type NewFile = Insertable<FilesTable>;
export type PersonRow = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type CommentRow = Selectable<CommentsTable>;
export type NewComment = Insertable<CommentsTable>;
export type FaveRow = Selectable<FavesTable>;
export type NewFave = Insertable<FavesTable>;
export type TagRow = Selectable<TagsTable>;
export type NewTag = Insertable<TagsTable>;
export type NoteRow = Selectable<NotesTable>;
export type NewNote = Insertable<NotesTable>;
export type PhotoPersonRow = Selectable<PhotoPeopleTable>;
export type NewPhotoPerson = Insertable<PhotoPeopleTable>;
export type AlbumRow = Selectable<AlbumsTable>;
export type NewAlbum = Insertable<AlbumsTable>;
export type AlbumItemRow = Selectable<AlbumItemsTable>;
export type NewAlbumItem = Insertable<AlbumItemsTable>;
export type CollectionRow = Selectable<CollectionsTable>;
export type NewCollection = Insertable<CollectionsTable>;
export type CollectionAlbumRow = Selectable<CollectionAlbumsTable>;
export type NewCollectionAlbum = Insertable<CollectionAlbumsTable>;
export type GalleryRow = Selectable<GalleriesTable>;
export type NewGallery = Insertable<GalleriesTable>;
export type GalleryItemRow = Selectable<GalleryItemsTable>;
export type NewGalleryItem = Insertable<GalleryItemsTable>;
export type GroupRow = Selectable<GroupsTable>;
export type NewGroup = Insertable<GroupsTable>;
export type GroupItemRow = Selectable<GroupItemsTable>;
export type NewGroupItem = Insertable<GroupItemsTable>;
export type LicenseRow = Selectable<LicensesTable>;
export type NewLicense = Insertable<LicensesTable>;
export type ApiResponseRow = Selectable<ApiResponsesTable>;
export type NewApiResponse = Insertable<ApiResponsesTable>;
export type SearchRow = Selectable<SearchTable>;
export type MetaRow = Selectable<MetaTable>;
