// What a server's answer (go's `server response:` lines, a proxy's or
// checksum database's body) says about a module: private, or public but
// missing that version. Read by the probes and the rules alike.
/**
 * Texts a public proxy or checksum database returns for a repository it
 * could not read because it is private (git asked for credentials), or
 * could not reach at all (a host only a private network can reach:
 * `fatal: unable to connect to HOST:`, `Could not resolve host`).
 */
const PRIVATE_RESPONSE =
  /terminal prompts disabled|could not read (?:Username|Password)|Repository not found|authentication required|Authentication failed|permission denied|HTTP Basic: Access denied|unrecognized import path|no such host|fatal: repository '[^']+' not found|401 Unauthorized|403 Forbidden|unable to connect to \S+:|Could not resolve host/i;

/** Texts of a public module that exists but not at that version (or a typo). */
const MISSING_VERSION = /unknown revision|invalid version|no matching versions|reading .*: 404 Not Found\s*$|not found: .*@v\d[^:]*: invalid|module .* not found|malformed module path/i;

export function responseSaysPrivate(text: string): boolean {
  return PRIVATE_RESPONSE.test(text);
}

export function responseSaysMissingVersion(text: string): boolean {
  return MISSING_VERSION.test(text) && !PRIVATE_RESPONSE.test(text);
}
