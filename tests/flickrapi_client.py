"""Python's flickrapi (Debian's python3-flickrapi) against the flickrvault simulator, as a script
built on the library uses it: check a stored token, call a few methods, sign in.

Reads the simulator's origin and credentials from the environment (SIM_ORIGIN, SIM_API_KEY,
SIM_API_SECRET, SIM_OAUTH_TOKEN, SIM_OAUTH_TOKEN_SECRET) and prints one JSON object with what
the library answered. Run by tests/flickrapi_client_test.ts; the simulator must auto-approve
sign-ins (autoApprove), as no person clicks here.
"""

import json
import os
import re

import flickrapi
import requests
from flickrapi.auth import FlickrAccessToken, OAuthFlickrInterface

origin = os.environ["SIM_ORIGIN"]
key = os.environ["SIM_API_KEY"]
secret = os.environ["SIM_API_SECRET"]
token = os.environ["SIM_OAUTH_TOKEN"]
token_secret = os.environ["SIM_OAUTH_TOKEN_SECRET"]

# The library talks to https://api.flickr.com and https://www.flickr.com; its URLs are class
# attributes, which is how a script points it elsewhere.
flickrapi.FlickrAPI.REST_URL = origin + "/services/rest/"
OAuthFlickrInterface.REQUEST_TOKEN_URL = origin + "/services/oauth/request_token"
OAuthFlickrInterface.AUTHORIZE_URL = origin + "/services/oauth/authorize"
OAuthFlickrInterface.ACCESS_TOKEN_URL = origin + "/services/oauth/access_token"


def client(tok=None):
    """A FlickrAPI with the given access token, keeping nothing on disk."""
    return flickrapi.FlickrAPI(key, secret, token=tok, store_token=False)


def access(tok, tok_secret, level="read"):
    return FlickrAccessToken(tok, tok_secret, level)


out = {}

# token_valid() calls flickr.auth.oauth.checkToken (REST/XML) and compares its perms.
out["token_valid"] = client(access(token, token_secret)).token_valid()
out["unknown_token_valid"] = client(
    access("72157000000000000-0000000000000000", token_secret)
).token_valid()
out["wrong_secret_valid"] = client(access(token, "0000000000000000")).token_valid()
out["as_write_valid"] = client(access(token, token_secret, "write")).token_valid()

f = client(access(token, token_secret))
rsp = f.auth.oauth.checkToken()  # the default format: XML parsed by ElementTree
out["check_token_xml"] = {
    "token": rsp.findtext("oauth/token"),
    "perms": rsp.findtext("oauth/perms"),
    "nsid": rsp.find("oauth/user").get("nsid"),
}
out["check_token_json"] = f.auth.oauth.checkToken(format="parsed-json")
out["login"] = f.test.login(format="parsed-json")
out["null"] = f.test.null(format="parsed-json")
out["echo"] = f.test.echo(foo="bar", format="parsed-json")
out["echo_xml"] = f.test.echo(foo="bar").findtext("foo")
out["echo_keys"] = sorted(out["echo"].keys())

# Sign-in as a script without a browser does it: request token (out of band), the authorise
# page, the verifier it shows, the access token; then that token is checked like a stored one.
g = client()
g.get_request_token(oauth_callback="oob")
page = requests.get(g.auth_url(perms="write")).text
verifier = re.search(r"<code>([^<]+)</code>", page).group(1)
g.get_access_token(verifier)
signed_in = g.token_cache.token
out["signed_in"] = {
    "nsid": signed_in.user_nsid,
    "level": signed_in.access_level,
    "valid": g.token_valid(perms="write"),
}

print(json.dumps(out))
