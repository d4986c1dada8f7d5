// Whether a saved log comes from a macOS machine, from signals only macOS
// produces: the darwin certificate verifier's own wording (`x509: “HOST”
// certificate is not trusted`, with curly quotes; crypto/x509 on darwin since
// go1.18), a home directory under /Users/, Homebrew's /opt/homebrew, or
// `go version` naming darwin. It matters for TLS fixes: go on macOS verifies
// with the system's trust settings and ignores SSL_CERT_FILE.

const DARWIN_X509 = /x509: “[^”]+” certificate /;
const USERS_HOME = /(?:^|[\s"'(=:])\/Users\/[^/\s]+\/(?:go|\.cache|Library|src|dev|code|projects|work|Documents|Desktop)\b/;
const HOMEBREW = /(?:^|[\s"'(=:])\/opt\/homebrew\//;
const GO_VERSION = /\bgo version go\S+ darwin\/(?:amd64|arm64)\b/;

/** Cheap test first: most lines have no `/Users/`, `/opt/homebrew/`, `darwin/` nor a curly quote. */
export function macosSignal(line: string): boolean {
  if (!line.includes("/Users/") && !line.includes("/opt/homebrew/") && !line.includes("darwin/") && !line.includes("“")) return false;
  return DARWIN_X509.test(line) || USERS_HOME.test(line) || HOMEBREW.test(line) || GO_VERSION.test(line);
}
