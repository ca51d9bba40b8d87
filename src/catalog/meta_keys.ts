/**
 * Keys of the `meta` table that more than one writer of the archive relies on.
 *
 * Tested by src/catalog/account_owner_test.ts, src/catalog/status_test.ts and
 * src/archive/free_account_test.ts.
 * @module
 */

/** The NSID of the account the archive belongs to; `archive` and `import` refuse another. */
export const USER_NSID_META = "user_nsid";

/** When the last completed `archive` run started (ISO time). */
export const LAST_RUN_META = "last_run";

/**
 * Whether the account is Pro ("1") or free ("0"), as `flickr.people.getInfo` said (`ispro`); absent
 * while unknown. A free account's photos come through the API at most 1,024 px.
 */
export const ACCOUNT_IS_PRO_META = "account_ispro";

/**
 * When `archive` last refreshed collections, galleries and groups from the API (ISO time). Once
 * set, those lists (and the albums, synced before them in every run) are the API's: an import
 * leaves them as they are rather than replace them with the export's poorer view.
 */
export const STRUCTURE_REFRESHED_AT = "structure_refreshed_at";

/** When `archive` last replaced the albums with the API's list (ISO time); see above. */
export const ALBUMS_SYNCED_AT = "albums_synced_at";
