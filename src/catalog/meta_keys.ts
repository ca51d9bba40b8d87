/**
 * Keys of the `meta` table that more than one writer of the archive relies on.
 * @module
 */

/** The NSID of the account the archive belongs to; `archive` and `import` refuse another. */
export const USER_NSID_META = "user_nsid";

/** When the last completed `archive` run started (ISO time). */
export const LAST_RUN_META = "last_run";
