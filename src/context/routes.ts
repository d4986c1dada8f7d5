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

export function routeModule(env: GoEnv, path: string): Route {
  // go env reports GONOPROXY/GONOSUMDB already defaulted to GOPRIVATE; an
  // environment read elsewhere may not, so default here too.
  const noProxyList = env.GONOPROXY || env.GOPRIVATE || "";
  const noSumdbList = env.GONOSUMDB || env.GOPRIVATE || "";
  const noProxy = matchPrefixPatterns(noProxyList, path);
  const first = parseGoproxy(env.GOPROXY ?? "").entries[0];
  let route: Route["route"] = "proxy";
  if (noProxy) route = "direct";
  else if (first?.kind === "off") route = "off";
  else if (first?.kind === "direct") route = "direct";
  const sumdb = parseGosumdb(env.GOSUMDB ?? "");
  return {
    route,
    noProxy,
    noSumdb: sumdb.off || matchPrefixPatterns(noSumdbList, path),
    insecure: matchPrefixPatterns(env.GOINSECURE ?? "", path),
  };
}

/** The GOPRIVATE pattern that covers one private module path. */
export function privatePatternFor(modulePath: string): string {
  const parts = modulePath.split("/");
  const host = parts[0] ?? modulePath;
  if (SHARED_CODE_HOSTS.has(host) && parts[1]) return `${host}/${parts[1]}`;
  return host;
}

/** The current GOPRIVATE plus the narrowest patterns covering the given private modules. */
export function suggestGoprivate(current: string, modulePaths: string[]): string {
  const existing = current
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const added: string[] = [];
  for (const path of modulePaths) {
    const all = [...existing, ...added].join(",");
    if (matchPrefixPatterns(all, path)) continue;
    added.push(privatePatternFor(path));
  }
  return [...existing, ...added].join(",");
}
