// Module servers named by go-import `mod` tags
// (`<meta name="go-import" content="corp.test/lib mod https://mods.corp.test/">`).
// In direct mode the go command then fetches `BASE/<escaped module>/@v/...`
// with the module proxy protocol (golang/go modfetch/repo.go lookupDirect:
// `newProxyRepo(rr.Repo, path)`), so those requests look like a GOPROXY's.
// The tag itself is not in the -x trace (only `# get HOST/PATH?go-get=1: 200 OK`
// is): a root is a base that answers for a module after go asked that
// module's go-import page, and that is no GOPROXY entry.
import { escapeModulePath, unescapeModulePath } from "../util/modpath.js";
import { decodeRequestUrl, percentDecoded } from "./url.js";

export interface ModRoot {
  /** The module path (from the trace) or the tag's import-path prefix (from a probe's read of the tag). */
  prefix: string;
  /** The server's base URL as go joins it: no trailing slash. */
  base: string;
  /** The go-get request that answered the tag (`http://corp.test/lib?go-get=1`), when the trace shows it. */
  goImportUrl?: string;
  from: "trace" | "tag";
}

/** A go-import tag as the vcs probe read it (probes/net/goimport.ts). */
export interface GoImportTag {
  prefix: string;
  vcs: string;
  repo: string;
}

/** The most recent requests looked at (the detector's summary keeps as many). */
export const MAX_MOD_ROOT_REQUESTS = 2000;

const MODULE_KINDS = new Set(["info", "mod", "zip", "list", "latest"]);

interface RequestLike {
  url: string;
  status?: number;
}

/**
 * The module servers of a run. `proxies`: the GOPROXY entries' base URLs,
 * when the settings are known (never roots). Without them, a base asked about
 * a module before go asked that module's go-import page (the proxy tried
 * first, `GOPROXY=P,direct`) or asked about a module whose page was never
 * asked is a proxy too.
 */
export function modRoots(requests: readonly RequestLike[], opts: { proxies?: readonly string[]; tags?: readonly GoImportTag[] } = {}): ModRoot[] {
  const recent = requests.length > MAX_MOD_ROOT_REQUESTS ? requests.slice(-MAX_MOD_ROOT_REQUESTS) : requests;
  // Module path -> the first go-get request for it that answered 2xx, and where it was.
  const pages = new Map<string, { url: string; at: number }>();
  recent.forEach((r, i) => {
    if (r.status === undefined || r.status < 200 || r.status >= 300 || !/[?&]go-get=1/.test(r.url)) return;
    const target = decodeRequestUrl(r.url);
    if (target.kind === "go-import" && target.module && !pages.has(target.module)) pages.set(target.module, { url: r.url, at: i });
  });
  const proxies = new Set((opts.proxies ?? []).map(trimSlash));
  const found = new Map<string, ModRoot>();
  if (pages.size > 0) {
    recent.forEach((r, i) => {
      const cut = moduleCut(r.url, pages);
      if (!cut) {
        // A module request on a base no go-import page led to: a GOPROXY entry.
        const target = decodeRequestUrl(r.url);
        if (target.module && target.base && MODULE_KINDS.has(target.kind)) proxies.add(trimSlash(target.base));
        return;
      }
      const page = pages.get(cut.module)!;
      if (i < page.at) proxies.add(cut.base);
      else if (!found.has(cut.base + " " + cut.module)) found.set(cut.base + " " + cut.module, { prefix: cut.module, base: cut.base, goImportUrl: page.url, from: "trace" });
    });
  }
  const roots = [...found.values()].filter((r) => !proxies.has(r.base));
  for (const tag of opts.tags ?? []) {
    if (tag.vcs !== "mod" || !/^https?:\/\//.test(tag.repo)) continue;
    const base = trimSlash(tag.repo);
    if (proxies.has(base) || roots.some((r) => r.base === base && (r.prefix === tag.prefix || r.prefix.startsWith(`${tag.prefix}/`)))) continue;
    roots.push({ prefix: tag.prefix, base, from: "tag" });
  }
  return roots;
}

/** The root a request URL went to, and the module it asked for; undefined for any other URL. */
export function modRootOf(roots: readonly ModRoot[], url: string): { root: ModRoot; module: string } | undefined {
  if (roots.length === 0) return undefined;
  const plain = percentDecoded(url);
  for (const root of roots) {
    if (!plain.startsWith(`${root.base}/`)) continue;
    const rest = plain.slice(root.base.length + 1);
    const at = rest.search(/\/@(?:v\/|latest$)/);
    if (at <= 0) continue;
    const escaped = rest.slice(0, at);
    const prefix = escapeModulePath(root.prefix);
    if (escaped === prefix || (root.from === "tag" && escaped.startsWith(`${prefix}/`))) return { root, module: unescapeModulePath(escaped) ?? root.prefix };
  }
  return undefined;
}

/** `BASE/<escaped module>/@v/...` or `/@latest` for a module go asked the go-import page of: that module and BASE. */
function moduleCut(url: string, pages: ReadonlyMap<string, unknown>): { module: string; base: string } | undefined {
  if (url.includes("?")) return undefined;
  const plain = percentDecoded(url);
  const at = plain.search(/\/@(?:v\/[^/]+|latest)$/);
  if (at < 0) return undefined;
  const head = plain.slice(0, at);
  const start = head.indexOf("://");
  if (start < 0) return undefined;
  // Every split of the path between base and module, longest module first.
  let slash = head.indexOf("/", start + 3);
  while (slash >= 0) {
    const module = unescapeModulePath(head.slice(slash + 1));
    if (module !== undefined && pages.has(module)) return { module, base: head.slice(0, slash) };
    slash = head.indexOf("/", slash + 1);
  }
  return undefined;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
