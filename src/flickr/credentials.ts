/**
 * Flickr credentials: the API key and secret, and the access token of the signed-in account.
 * `flickrvault auth` stores them in the archive's `credentials.json` (mode 0600, never printed);
 * flags override the environment, which overrides the file.
 *
 * @example
 * ```ts
 * const creds = await loadCredentials(archive, Deno.env, { apiKey: values["api-key"] },
 *   { requireToken: true });
 * const client = new FlickrClient({ ...creds, origin });
 * ```
 * @module
 */
import { ARCHIVE_FOLDER_HINT, fileInTheWay } from "../files/file_in_the_way.ts";
import { writeFileAtomic } from "../files/durable.ts";
import { join } from "node:path";
import { UsageError } from "../usage_error.ts";

/** The file name inside the archive directory. */
export const CREDENTIALS_FILE = "credentials.json";

/** What is stored (and what the client needs). */
export interface Credentials {
  apiKey: string;
  apiSecret: string;
  oauthToken?: string;
  oauthTokenSecret?: string;
  /** The signed-in account, when known. */
  userNsid?: string;
  username?: string;
  fullname?: string;
}

/** Values given on the command line. */
export interface CredentialFlags {
  apiKey?: string;
  apiSecret?: string;
}

/** Where the environment is read from (`Deno.env` in production). */
export interface EnvSource {
  get(key: string): string | undefined;
}

/** The path of the credentials file in an archive. */
export function credentialsPath(archiveDir: string): string {
  return join(archiveDir, CREDENTIALS_FILE);
}

/** Reads the archive's credentials file; undefined when there is none. */
export async function readCredentialsFile(archiveDir: string): Promise<Credentials | undefined> {
  const path = credentialsPath(archiveDir);
  let textValue: string;
  try {
    textValue = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    if (e instanceof Deno.errors.NotADirectory) {
      throw new UsageError(
        `Cannot open the archive: ${
          await fileInTheWay(archiveDir) ?? archiveDir
        } is a file, not a folder`,
        ARCHIVE_FOLDER_HINT,
      );
    }
    throw new UsageError(
      `Cannot read credentials: ${path}: ${(e as Error).message}`,
      "check the file's permissions",
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(textValue);
  } catch {
    throw new UsageError(
      `Cannot read credentials: ${path} is not valid JSON`,
      "remove it and run 'flickrvault auth' again",
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UsageError(
      `Cannot read credentials: ${path} holds no key and tokens (${
        data === null ? "null" : Array.isArray(data) ? "a list" : typeof data
      })`,
      "remove it and run 'flickrvault auth' again",
    );
  }
  return fromFile(data as Record<string, unknown>);
}

function fromFile(data: Record<string, unknown>): Credentials | undefined {
  const str = (v: unknown) => typeof v === "string" && v !== "" ? v : undefined;
  const apiKey = str(data.api_key);
  const apiSecret = str(data.api_secret);
  if (!apiKey || !apiSecret) return undefined;
  return {
    apiKey,
    apiSecret,
    oauthToken: str(data.oauth_token),
    oauthTokenSecret: str(data.oauth_token_secret),
    userNsid: str(data.user_nsid),
    username: str(data.username),
    fullname: str(data.fullname),
  };
}

/**
 * Writes the credentials file with mode 0600, atomically (`writeFileAtomic`): the file never
 * exists with wider permissions, whatever the umask or an earlier file's mode.
 */
export async function saveCredentials(archiveDir: string, creds: Credentials): Promise<string> {
  const path = credentialsPath(archiveDir);
  const data = {
    api_key: creds.apiKey,
    api_secret: creds.apiSecret,
    oauth_token: creds.oauthToken,
    oauth_token_secret: creds.oauthTokenSecret,
    user_nsid: creds.userNsid,
    username: creds.username,
    fullname: creds.fullname,
  };
  await writeFileAtomic(path, JSON.stringify(data, null, 2) + "\n", { mode: 0o600 });
  return path;
}

/**
 * The credentials for a run: flags > environment (`FLICKR_API_KEY`, `FLICKR_API_SECRET`,
 * `FLICKR_OAUTH_TOKEN`, `FLICKR_OAUTH_TOKEN_SECRET`) > the archive's file. Tokens from the file
 * are used only with the key they were issued for. Throws a {@link UsageError} when the key is
 * missing, or the token when `requireToken` is set.
 */
export async function loadCredentials(
  archiveDir: string,
  env: EnvSource = Deno.env,
  flags: CredentialFlags = {},
  options: { requireToken?: boolean } = {},
): Promise<Credentials> {
  const file = await readCredentialsFile(archiveDir);
  const pick = (...values: (string | undefined)[]) =>
    values.find((v) => v !== undefined && v !== "");
  const apiKey = pick(flags.apiKey, env.get("FLICKR_API_KEY"), file?.apiKey);
  const apiSecret = pick(flags.apiSecret, env.get("FLICKR_API_SECRET"), file?.apiSecret);
  if (!apiKey || !apiSecret) {
    throw new UsageError(
      apiKey
        ? "Cannot call Flickr: no API secret (set FLICKR_API_SECRET or pass --api-secret)"
        : "Cannot call Flickr: no API key (set FLICKR_API_KEY and FLICKR_API_SECRET or pass --api-key/--api-secret)",
      "apply for a key at https://www.flickr.com/services/apps/create/ (without one, " +
        "'flickrvault import' reads Flickr's own data export)",
    );
  }
  const sameKey = file?.apiKey === apiKey;
  const envToken = pick(env.get("FLICKR_OAUTH_TOKEN"));
  const envTokenSecret = pick(env.get("FLICKR_OAUTH_TOKEN_SECRET"));
  const fromEnv = envToken !== undefined && envTokenSecret !== undefined;
  const oauthToken = fromEnv ? envToken : sameKey ? file?.oauthToken : undefined;
  const oauthTokenSecret = fromEnv ? envTokenSecret : sameKey ? file?.oauthTokenSecret : undefined;
  if (options.requireToken && (!oauthToken || !oauthTokenSecret)) {
    throw new UsageError(
      "Cannot call Flickr: not signed in",
      "run 'flickrvault auth' (or, for unattended runs, set FLICKR_OAUTH_TOKEN and " +
        "FLICKR_OAUTH_TOKEN_SECRET)",
    );
  }
  const account = !fromEnv && sameKey && oauthToken
    ? { userNsid: file?.userNsid, username: file?.username, fullname: file?.fullname }
    : {};
  return { apiKey, apiSecret, oauthToken, oauthTokenSecret, ...account };
}
