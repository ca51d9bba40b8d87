/**
 * `flickrvault auth`: OAuth sign-in with read permission; the tokens are stored beside the key in
 * the archive's credentials file (mode 0600) and never printed.
 *
 * Tested by tests/auth_browser_test.ts and tests/viewer_security_test.ts.
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import {
  archiveDir,
  archiveOption,
  type Command,
  parseCommandArgs,
  UsageError,
} from "./command.ts";
import { loadCredentials } from "../flickr/credentials.ts";
import { flickrOrigin } from "../flickr/endpoints.ts";
import { FlickrError, toUsageError } from "../flickr/errors.ts";
import { signIn } from "../flickr/sign_in.ts";
import { openInBrowser } from "./open_browser.ts";

const options = {
  ...archiveOption,
  "api-key": { type: "string" },
  "api-secret": { type: "string" },
  "flickr-origin": { type: "string" },
  "no-browser": { type: "boolean" },
} as const;

const help = `flickrvault auth: sign in to Flickr (read permission) and store the tokens

Usage: flickrvault auth [--archive DIR] [--api-key KEY --api-secret SECRET] [--no-browser]

Prints the page where you allow flickrvault to read your account (and opens it when a browser is
available). Flickr then sends you back to a page served on 127.0.0.1, or shows a code to paste
here. The key, secret and tokens are stored in DIR/credentials.json (mode 0600), never printed.

Options:
  --archive DIR          the archive (default: $FLICKRVAULT_ARCHIVE, else ${DEFAULTS.archiveDir})
  --api-key KEY          Flickr API key (default: $FLICKR_API_KEY, else the stored one)
  --api-secret SECRET    its secret (default: $FLICKR_API_SECRET, else the stored one)
  --flickr-origin URL    talk to another Flickr, e.g. the simulator
                         (default: $FLICKRVAULT_FLICKR_ORIGIN, else Flickr itself)
  --no-browser           only print the page address, do not open a browser
  -h, --help             this help

Unattended runs need no sign-in: set FLICKR_OAUTH_TOKEN and FLICKR_OAUTH_TOKEN_SECRET.`;

/** Validates `--flickr-origin`: an http(s) URL without a path. */
export function checkOrigin(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `--flickr-origin takes a URL, not '${value}'`,
      "for example --flickr-origin http://127.0.0.1:8123",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--flickr-origin must be http or https, not '${url.protocol}'`);
  }
  return url.origin;
}

/** Reads one line from stdin; undefined at end of input. */
async function readLine(): Promise<string | undefined> {
  const reader = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) return buffer === "" ? undefined : buffer;
      buffer += value;
      const nl = buffer.indexOf("\n");
      if (nl >= 0) return buffer.slice(0, nl);
    }
  } finally {
    reader.releaseLock();
  }
}

/** `flickrvault auth`. */
export const authCommand: Command = {
  name: "auth",
  summary: "Sign in to Flickr (read permission) and store the tokens in the archive",
  help,
  async run(argv) {
    const { values } = parseCommandArgs("auth", argv, options);
    const archive = archiveDir(values.archive);
    const origin = checkOrigin(flickrOrigin(values["flickr-origin"]));
    const creds = await loadCredentials(archive, Deno.env, {
      apiKey: values["api-key"],
      apiSecret: values["api-secret"],
    });
    try {
      const result = await signIn({
        archiveDir: archive,
        apiKey: creds.apiKey,
        apiSecret: creds.apiSecret,
        origin,
        print: (line) => console.log(line),
        openBrowser: values["no-browser"] ? undefined : openInBrowser,
        readPasted: Deno.stdin.isTerminal() ? readLine : undefined,
      });
      console.log(`Signed in as ${result.username} (${result.userNsid})`);
      console.log(`Credentials saved in ${result.credentialsPath}`);
      return 0;
    } catch (e) {
      if (e instanceof FlickrError) throw toUsageError(e);
      throw e;
    }
  },
};
