// Which way the go command fetches a module: through the GOPROXY list,
// directly from its VCS (GOPRIVATE/GONOPROXY), or not at all (off); and
// whether it checks the module in the checksum database.
import type { GoEnv } from "./types.js";
import { matchPrefixPatterns } from "./patterns.js";
import { parseGoproxy } from "./goproxy.js";
import { parseGosumdb } from "./sumdb.js";

export interface Route {
  route: "proxy" | "direct" | "off";
  noProxy: boolean;
  noSumdb: boolean;
  insecure: boolean;
  /** GOPROXY cannot be parsed: go fails every module lookup (even GONOPROXY ones) with this. */
  error?: string;
}

/** Hosts where one organisation owns a path prefix: GOPRIVATE should name host/org, not the host. */
export const SHARED_CODE_HOSTS = new Set([
  "github.com",
  "gitlab.com",
  "bitbucket.org",
  "gitee.com",
  "codeberg.org",
  "dev.azure.com",
  "git.sr.ht",
]);

// The rules route every module of a run (hundreds) against the same settings: the last parse of each is kept.
const goproxyMemo: { value?: string; parsed?: ReturnType<typeof parseGoproxy> } = {};
const gosumdbMemo: { value?: string; parsed?: ReturnType<typeof parseGosumdb> } = {};

function lastParsed<T>(memo: { value?: string; parsed?: T }, value: string, parse: (v: string) => T): T {
  if (memo.value !== value || memo.parsed === undefined) {
    memo.parsed = parse(value);
    memo.value = value;
  }
  return memo.parsed;
}

/**
 * modfetch lookup(): a GONOPROXY match is fetched directly whatever GOPROXY
 * says (go puts an implicit "noproxy" entry first, even before "off");
 * otherwise the first GOPROXY entry decides. Checksums: GOSUMDB=off or a
 * GONOSUMDB match skip the database. GOINSECURE allows http and bad
 * certificates for direct fetches and proxies alike, not checksum skips.
 */
export function routeModule(env: GoEnv, path: string): Route {
  // go env reports GONOPROXY/GONOSUMDB already defaulted to GOPRIVATE; an
  // environment read elsewhere may not, so default here too.
  const noProxyList = env.GONOPROXY || env.GOPRIVATE || "";
  const noSumdbList = env.GONOSUMDB || env.GOPRIVATE || "";
  const noProxy = matchPrefixPatterns(noProxyList, path);
  const list = lastParsed(goproxyMemo, env.GOPROXY ?? "", parseGoproxy);
  const first = list.entries[0];
  let route: Route["route"] = "proxy";
  if (noProxy) route = "direct";
  else if (first?.kind === "off") route = "off";
  else if (first?.kind === "direct") route = "direct";
  const sumdb = lastParsed(gosumdbMemo, env.GOSUMDB ?? "", parseGosumdb);
  return {
    route,
    noProxy,
    noSumdb: sumdb.off || matchPrefixPatterns(noSumdbList, path),
    insecure: matchPrefixPatterns(env.GOINSECURE ?? "", path),
    ...(list.error ? { error: list.error } : {}),
  };
}

/** The GOPRIVATE pattern that covers one private module path. */
export function privatePatternFor(modulePath: string): string {
  const parts = modulePath.split("/");
  const host = parts[0] ?? modulePath;
  if (SHARED_CODE_HOSTS.has(host) && parts[1]) return `${host}/${parts[1]}`;
  return host;
}

/**
 * The current GOPRIVATE plus the narrowest sensible patterns covering the
 * given private modules: the host for a company's own host, host/org on a
 * shared code host. Blanks around existing patterns are dropped (go would
 * never match them), duplicates removed, and an existing literal pattern
 * that a new one covers is folded into it.
 */
export function suggestGoprivate(current: string, modulePaths: string[]): string {
  const existing = [...new Set(current.split(",").map((p) => p.trim()).filter(Boolean))];
  const added: string[] = [];
  for (const path of modulePaths) {
    if (matchPrefixPatterns([...existing, ...added].join(","), path.trim())) continue;
    added.push(privatePatternFor(path.trim()));
  }
  const isLiteral = (p: string): boolean => !/[*?[\\]/.test(p);
  const kept = existing.filter((p) => !(isLiteral(p) && added.some((a) => a !== p && matchPrefixPatterns(a, p.replace(/\/$/, "")))));
  return [...kept, ...added].join(",");
}
