// Fix builders shared by the rule families: exact commands for the user's
// situation, with placeholders (never a real secret) where one is needed.
import type { Finding, Fix } from "../report/schema.js";
import type { VcsFacts } from "../probes/types.js";
import { probed } from "./facts.js";
import { settingOrigin } from "./settings-view.js";
import type { CauseInfo, Evidence } from "./types.js";

export const GOENV_CAUTION =
  "If the variable is also set in the environment (export, CI settings), change it there too: the environment wins over `go env -w`.";

export function goEnvFix(summary: string, key: string, value: string, caution?: string): Fix {
  return { summary, commands: [`go env -w ${key}=${shellQuote(value)}`], ...(caution ? { caution } : {}) };
}

const ENV_CAUTION = (key: string): string =>
  `${key} is set in the environment (an export in a shell profile, a CI variable, a Dockerfile ENV): change it where it is set; \`go env -w\` cannot override it.`;

/** `go env GOENV` is empty under GOENV=off (or without a config directory): `go env -w` then writes nowhere, silently. */
function noGoEnvFile(e: Evidence): boolean {
  return e.ctx !== undefined && e.ctx.env.GOENV === "";
}

const NO_ENV_FILE_CAUTION = "GOENV=off here (or there is no config directory), so `go env -w` would write nowhere: set it in the environment where you run go.";

/**
 * Set `key` where its current value comes from: `export` for a variable of
 * the environment (which wins over the go env file) or when there is no go env
 * file, `go env -w` otherwise. Without settings (a log) the source is unknown:
 * `go env -w` and a caution.
 */
export function settingFix(e: Evidence, summary: string, key: string, value: string, caution?: string): Fix {
  const { from } = settingOrigin(e, key);
  if (from === "environment") return { summary, commands: [`export ${key}=${shellQuote(value)}`], caution: [ENV_CAUTION(key), caution].filter(Boolean).join(" ") };
  if (noGoEnvFile(e)) return { summary, commands: [`export ${key}=${shellQuote(value)}`], caution: [NO_ENV_FILE_CAUTION, caution].filter(Boolean).join(" ") };
  const note = from === "unknown" ? [GOENV_CAUTION, caution].filter(Boolean).join(" ") : caution;
  return goEnvFix(summary, key, value, note || undefined);
}

/**
 * Drop `key` where it is set, so the next layer (or the default) applies:
 * `unset` for the environment, `go env -u` for the go env file; `fallback`
 * (written with `go env -w`) where there is nothing to drop (GOROOT/go.env).
 */
export function unsetFix(e: Evidence, summary: string, key: string, fallback: string): Fix {
  const { from, alsoInFile } = settingOrigin(e, key);
  if (from === "environment") {
    return {
      summary,
      commands: [`unset ${key}`, `go env ${key}`],
      caution: `${ENV_CAUTION(key)}${alsoInFile ? ` The go env file sets ${key} too, and its value applies next: check it with \`go env ${key}\` (\`go env -u ${key}\` drops it).` : ""}`,
    };
  }
  if (noGoEnvFile(e) && from !== "go env file") {
    return fallback === "" ? { summary, commands: [`unset ${key}`, `go env ${key}`] } : { summary, commands: [`export ${key}=${shellQuote(fallback)}`], caution: NO_ENV_FILE_CAUTION };
  }
  if (from === "go env file" || fallback === "") return { summary, commands: [`go env -u ${key}`, `go env ${key}`], ...(from === "unknown" ? { caution: GOENV_CAUTION } : {}) };
  return goEnvFix(summary, key, fallback, from === "unknown" ? GOENV_CAUTION : undefined);
}

/** Where the value of `key` comes from, in words for a finding's why/evidence ("" when unknown). */
export function originText(e: Evidence, key: string): string {
  const { from } = settingOrigin(e, key);
  return from === "unknown" ? "" : from === "default" ? "the default" : from === "environment" ? "the environment" : from === "go env file" ? "the go env file (go env -w)" : "$GOROOT/go.env";
}

/** `KEY=value (from the environment)`: the value and where it is set, as evidence. */
export function settingEvidence(e: Evidence, key: string): string[] {
  if (!e.ctx) return [];
  const from = originText(e, key);
  return [`${key}=${e.ctx.env[key] ?? ""}${from ? ` (from ${from})` : ""}`];
}

/** Quotes for POSIX shells only when needed (`|` in GOPROXY, `*` in patterns); a path under `$HOME` in double quotes, so the shell expands it. */
export function shellQuote(value: string): string {
  if (/^\$HOME\/[A-Za-z0-9_@%+=:,./-]*$/.test(value)) return `"${value}"`;
  // `$(go env GOMODCACHE)/...` (the cache when this machine's is unknown): the substitution in double quotes, the rest as it needs.
  const sub = /^\$\(go env [A-Z]+\)/.exec(value);
  if (sub) return `"${sub[0]}"${value.length > sub[0].length ? shellQuote(value.slice(sub[0].length)) : ""}`;
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface MeasuredMirror {
  url: string;
  ttfbMs?: number;
  bytesPerSecond?: number;
}

/** Mirrors a `mirror:*` probe reached with a 2xx answer, fastest first. */
export function reachableMirrors(e: Evidence): MeasuredMirror[] {
  return probed(e, "mirror")
    .filter((m) => m.result.status === "ok" && !m.facts.failedStep && (m.facts.http?.status ?? 0) >= 200 && (m.facts.http?.status ?? 0) < 300)
    .map((m) => ({
      url: m.facts.url,
      ...(m.facts.http?.ttfbMs !== undefined ? { ttfbMs: m.facts.http.ttfbMs } : {}),
      ...(m.facts.zip?.bytesPerSecond ?? m.facts.http?.bytesPerSecond ? { bytesPerSecond: (m.facts.zip?.bytesPerSecond ?? m.facts.http?.bytesPerSecond)! } : {}),
    }))
    .sort((a, b) => (b.bytesPerSecond ?? 0) - (a.bytesPerSecond ?? 0) || (a.ttfbMs ?? Infinity) - (b.ttfbMs ?? Infinity) || a.url.localeCompare(b.url));
}

/** A fix that may be absent, as a list to spread into a finding's fixes. */
export function optional<T>(x: T | undefined): T[] {
  return x === undefined ? [] : [x];
}

/** `go env -w GOPROXY=<mirror>,direct`, only for a mirror that was measured reachable. */
export function mirrorFix(e: Evidence, why: string): Fix | undefined {
  const best = reachableMirrors(e)[0];
  if (!best) return undefined;
  return settingFix(e, `${why}: ${best.url} answered the mirror probe`, "GOPROXY", `${best.url},direct`);
}

/**
 * Credentials for `host` in ~/.netrc. When the file already has an entry for
 * the host (`netrc`, from the vcs probe), that entry is the one to correct:
 * go and curl (git) use the first entry naming the host, so one appended
 * after it is never read.
 */
export function netrcFix(host: string, netrc?: VcsFacts["netrc"]): Fix {
  if (netrc?.hasHost) {
    const file = netrc.file ? shellQuote(netrc.file) : "~/.netrc";
    return {
      summary: `Correct the existing \`machine ${host}\` entry in ${file} (${netrc.hasPassword ? "its login or token is refused" : "it has no password"}): edit it in place, do not add another`,
      commands: [`grep -n 'machine ${host}' ${file}`, `\${EDITOR:-vi} ${file}`, `chmod 600 ${file}`],
      caution: `go and git use the first entry for ${host}: an entry added after it is never read. Use a read-only access token, not your password.`,
    };
  }
  return {
    summary: `Give the go command (and git over https) credentials for ${host} in ~/.netrc`,
    commands: [
      `printf 'machine ${host} login <USER> password <TOKEN>\\n' >> ~/.netrc`,
      "chmod 600 ~/.netrc",
    ],
    caution: "Use a read-only access token, not your password; keep ~/.netrc readable by you only.",
  };
}

/** `scheme`: the one git used for the host (a rewrite of https:// URLs never matches a repository go reaches over http://). */
export function insteadOfFix(host: string, scheme: "https" | "http" = "https"): Fix {
  return {
    summary: `Or let git send a token for ${host} by rewriting its ${scheme} URLs`,
    commands: [`git config --global url."${scheme}://oauth2:<TOKEN>@${host}/".insteadOf "${scheme}://${host}/"`],
    caution: "The token is stored in ~/.gitconfig in clear text; prefer .netrc or a credential helper on shared machines.",
  };
}

export function sslCertFix(host: string, issuer?: string, os?: "windows" | "darwin"): Fix {
  const caution =
    "Get the CA certificate from your IT department and check its fingerprint. GOINSECURE is no way round: it never applies to GOPROXY entries " +
    "(go verifies a proxy's certificate whatever it says), and for a path fetched directly it makes go's own requests accept any certificate.";
  // crypto/x509 reads SSL_CERT_FILE/SSL_CERT_DIR on Linux and the BSDs only (root_unix.go); Windows and macOS verify with the system's store.
  if (os === "windows") {
    return {
      summary: `Trust your organisation's CA${issuer ? ` (${issuer})` : ""} for ${host} in the Windows certificate store: go on Windows verifies with the system store and ignores SSL_CERT_FILE`,
      commands: ["Import-Certificate -FilePath C:\\path\\to\\corporate-ca.cer -CertStoreLocation Cert:\\CurrentUser\\Root"],
      caution: `${caution} On a managed machine the CA usually comes by group policy: if it is missing, ask IT to deploy it.`,
      shell: "powershell",
    };
  }
  if (os === "darwin") {
    return {
      summary: `Trust your organisation's CA${issuer ? ` (${issuer})` : ""} for ${host} in the macOS keychain: go on macOS verifies with the system's trust settings and ignores SSL_CERT_FILE`,
      commands: ["sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain /path/to/corporate-ca.pem"],
      caution: `${caution} On a managed Mac the CA usually comes with a configuration profile: if it is missing, ask IT to deploy it.`,
    };
  }
  return {
    summary: `Trust your organisation's CA${issuer ? ` (${issuer})` : ""} for ${host}: give the go command a bundle of the system roots plus that CA`,
    commands: [
      "cat /etc/ssl/certs/ca-certificates.crt /path/to/corporate-ca.pem > \"$HOME/.config/corp-bundle.pem\"",
      "export SSL_CERT_FILE=\"$HOME/.config/corp-bundle.pem\"",
      "# or a directory of PEM files: export SSL_CERT_DIR=/path/to/certs:/etc/ssl/certs",
    ],
    caution,
  };
}

/** Builds a finding for a cause; the title may be made specific to the situation. */
export function makeFinding(
  cause: CauseInfo,
  f: Omit<Finding, "code" | "name" | "title"> & { title?: string },
): Finding {
  const { title, ...rest } = f;
  const out: Finding = { code: cause.code, name: cause.name, title: title ?? cause.title, ...rest };
  if (out.modules && out.modules.length === 0) delete out.modules;
  // A paste often holds the same error twice (a BuildKit step and its summary, a wrapper quoting go's stderr again): quote it once.
  out.evidence = [...new Set(out.evidence)];
  return out;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Download finished fine: problems found on the side are warnings, not blockers. */
export function failingSeverity(e: Evidence): "blocker" | "warning" {
  return runSucceeded(e) ? "warning" : "blocker";
}

/**
 * The run ended well: diagnose's outcome, or a saved log that shows it (go
 * exited 0, or every module completed and go reported no error and was
 * waiting on nothing). Nothing then blocked it, whatever a probe finds now.
 */
export function runSucceeded(e: Evidence): boolean {
  if (e.outcome === "ok") return true;
  const t = e.trace;
  if (e.outcome !== "analyzed" || !t) return false;
  if (t.exit) return t.exit.code === 0;
  return t.modules.length > 0 && t.modules.every((m) => m.state === "done") && t.errors.length === 0 && !t.stall && t.outstanding.length === 0;
}
