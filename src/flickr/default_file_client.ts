/**
 * The file client of an archive run.
 * @module
 */
import { FetchFileClient } from "./fetch_file_client.ts";
import type { FileClient } from "./file_client.ts";
import { Http1Client } from "./http1_client.ts";

/**
 * The client for an archive run: {@link Http1Client}, unless the environment names an HTTP proxy,
 * which only fetch knows how to use.
 */
export function defaultFileClient(): FileClient {
  return proxyConfigured() ? new FetchFileClient() : new Http1Client();
}

const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"];

function proxyConfigured(): boolean {
  try {
    return PROXY_VARIABLES.some((name) => Boolean(Deno.env.get(name)));
  } catch {
    // Without permission to read the environment, fetch could not read it either.
    return false;
  }
}
