// Fix builders shared by the rule families: exact commands for the user's
// situation, with placeholders (never a real secret) where one is needed.
import type { Finding, Fix } from "../report/schema.js";
import { probed } from "./facts.js";
import type { CauseInfo, Evidence } from "./types.js";

export const GOENV_CAUTION =
  "If the variable is also set in the environment (export, CI settings), change it there too: the environment wins over `go env -w`.";

export function goEnvFix(summary: string, key: string, value: string, caution?: string): Fix {
  return { summary, commands: [`go env -w ${key}=${shellQuote(value)}`], ...(caution ? { caution } : {}) };
}

/** Quotes for POSIX shells only when needed (`|` in GOPROXY, `*` in patterns). */
export function shellQuote(value: string): string {
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

/** `go env -w GOPROXY=<mirror>,direct`, only for a mirror that was measured reachable. */
export function mirrorFix(e: Evidence, why: string): Fix | undefined {
  const best = reachableMirrors(e)[0];
  if (!best) return undefined;
  return goEnvFix(`${why}: ${best.url} answered the mirror probe`, "GOPROXY", `${best.url},direct`, GOENV_CAUTION);
}

export function netrcFix(host: string): Fix {
  return {
    summary: `Give the go command (and git over https) credentials for ${host} in ~/.netrc`,
    commands: [
      `printf 'machine ${host} login <USER> password <TOKEN>\\n' >> ~/.netrc`,
      "chmod 600 ~/.netrc",
    ],
    caution: "Use a read-only access token, not your password; keep ~/.netrc readable by you only.",
  };
}

export function insteadOfFix(host: string): Fix {
  return {
    summary: `Or let git send a token for ${host} by rewriting its https URLs`,
    commands: [`git config --global url."https://oauth2:<TOKEN>@${host}/".insteadOf "https://${host}/"`],
    caution: "The token is stored in ~/.gitconfig in clear text; prefer .netrc or a credential helper on shared machines.",
  };
}

export function sslCertFix(host: string, issuer?: string): Fix {
  return {
    summary: `Trust your organisation's CA${issuer ? ` (${issuer})` : ""} for ${host}: give the go command a bundle of the system roots plus that CA`,
    commands: [
      "cat /etc/ssl/certs/ca-certificates.crt /path/to/corporate-ca.pem > \"$HOME/.config/corp-bundle.pem\"",
      "export SSL_CERT_FILE=\"$HOME/.config/corp-bundle.pem\"",
      "# or a directory of PEM files: export SSL_CERT_DIR=/path/to/certs:/etc/ssl/certs",
    ],
    caution:
      "Get the CA certificate from your IT department and check its fingerprint; do not turn off verification (GOINSECURE, GOFLAGS=-insecure) for a proxy: it would accept any certificate.",
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
  return out;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Download finished fine: problems found on the side are warnings, not blockers. */
export function failingSeverity(e: Evidence): "blocker" | "warning" {
  return e.outcome === "ok" ? "warning" : "blocker";
}
