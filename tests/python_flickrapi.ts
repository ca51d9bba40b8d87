/**
 * Debian's python3-flickrapi for the client-library test: the library lives in Debian's Python
 * (`/usr/lib/python3/dist-packages`), so the test runs `/usr/bin/python3` rather than whatever
 * `python3` is first on PATH (a pyenv or venv one would not see it).
 * @module
 */

/** The Python that has Debian's flickrapi (`$FLICKRAPI_PYTHON`, else `/usr/bin/python3`). */
export const FLICKRAPI_PYTHON: string = Deno.env.get("FLICKRAPI_PYTHON") ?? "/usr/bin/python3";

/** Fails with a clear message when the library is missing (`deno task test` installs it). */
export async function requireFlickrapi(): Promise<void> {
  let ok = false;
  try {
    const out = await new Deno.Command(FLICKRAPI_PYTHON, {
      // The same probe as scripts/test_tools.ts.
      args: ["-c", "import flickrapi"],
      stdout: "null",
      stderr: "null",
    }).output();
    ok = out.success;
  } catch { /* no such Python */ }
  if (!ok) {
    throw new Error(
      `The client-library test needs Python's flickrapi in ${FLICKRAPI_PYTHON}: ` +
        "apt-get install -y python3-flickrapi (or set FLICKRAPI_PYTHON)",
    );
  }
}
