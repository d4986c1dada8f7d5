// A module proxy that answers, but not with what was asked: 429 rate limits
// (GMD113), and a 200 whose body is no zip, no go.mod or no .info (a captive
// portal's or a corporate filter's page standing in for the file: GMD112).
// The go command names neither cause; it quotes a status, or a parse error
// that does not mention the proxy at all (`zip: not a valid zip file`).
import type { Finding, Fix } from "../report/schema.js";
import type { GoErrorState } from "../stall/types.js";
import { escapeModulePath, escapeVersion } from "../util/modpath.js";
import { proxyRetryAfter } from "./facts.js";
import { failingSeverity, makeFinding, mirrorFix, optional, shellQuote } from "./fixes.js";
import { endpointOf, hostOf } from "./net-text.js";
import { PROBE_CODES } from "../probes/net/errors.js";
import { badFiles, type BadFileReason } from "./bad-files.js";
import { cachedGoModPath } from "./modcache.js";
import { PROXY_BAD_RESPONSE } from "./proxy-bad-response.js";
import { DIRECT_FETCH_CAUTION, goproxyPast, skipEntryFix } from "./proxy-detour-fixes.js";
import { PROXY_5XX } from "./proxy-server-error.js";
import { isPublicProxyHost, serverResponse } from "./hosts.js";
import { decodeRequestUrl } from "../trace/url.js";
import { modRootOf } from "../trace/mod-roots.js";
import { modServerRoots, observe, serverName, uniqueModules, zipRedirect, type Observation } from "./observe.js";
import { entryFallsThrough, goproxyWithoutEntry, isNoProxy, isNoSumdb, nextEntry, pipeList, proxyFallsThrough, proxyUrls } from "./settings-view.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const PROXY_RATE_LIMITED: CauseInfo = {
  code: "GMD113",
  name: "proxy-rate-limited",
  title: "The module proxy rate-limits the requests (429 Too Many Requests)",
  explain:
    "The proxy answered 429 Too Many Requests: it serves this client no more for a while (proxy.golang.org and hosted proxies limit " +
    "clients that fetch a lot, such as CI runners sharing one address). The go command does not retry and, with a `,` separator, does not " +
    "fall through to the next GOPROXY entry (only 404/410 do; `|` falls through on any error). Wait (the proxy's Retry-After header says how " +
    "long) and retry; keep the module cache between CI runs so fewer modules are fetched; or put a caching proxy of your own in front.",
};

/** Why a proxy sends a file other than the one asked for: a page in its place (the default), its own broken cache, a wrong encoding, an insecure redirect. */
const WHY: Record<BadFileReason, string> = {
  page:
    "A captive portal or login page, a corporate filter's block page, or a broken proxy or cache in front of it answers in its place. " +
    "The module itself is not at fault; retrying through the same path gets the same page.",
  cache: "The proxy (or a cache in front of it) serves another file in its place: its cache is corrupt. The module itself is not at fault; its operators must purge that entry.",
  encoding:
    "The response says its body is gzip-compressed (Content-Encoding: gzip) and it is not: a misconfigured server or a proxy in front of it that sets the header " +
    "on a plain body (or compresses twice). The module itself is not at fault.",
  cut:
    "That is a module proxy's own answer, cut or corrupt (a metadata file partly written in its storage or cache, or a response cut on its way out), " +
    "not a page standing in for it. The module itself is not at fault; the proxy's operators must repair or refetch that entry.",
  insecure: "The proxy sends the download on to an http:// URL; the go command never follows a redirect from https to http. The proxy's operators must redirect to https.",
};

function badFileFindings(e: Evidence): Finding[] {
  const hits = badFiles(e);
  if (hits.length === 0) return [];
  const byHost = new Map<string, typeof hits>();
  for (const h of hits) {
    const host = endpointOf(h.url) ?? h.url;
    byHost.set(host, [...(byHost.get(host) ?? []), h]);
  }
  return [...byHost.entries()].map(([host, mine]) => {
    const first = mine[0]!;
    const ids = [...new Set(mine.map((h) => `${h.err.module}@${h.err.version}`))];
    const url = first.url;
    // A module server a go-import tag names (direct mode) is no GOPROXY entry: named as what it is.
    const subject = serverName(e, url, host).Name;
    // The probe's own read of the same server says what stood in the file's place (a page's title).
    const probeSaw = observe(e).filter((o) => o.source === "probe" && o.endpoint?.http?.code === PROBE_CODES.notProxyAnswer && endpointOf(o.endpoint.http.url ?? "") === host);
    // The page came from another host the proxy's address redirected to (a portal's or a login server's): that host is named.
    const hops = probeSaw.map((o) => o.endpoint?.http?.redirects ?? []).find((r) => r.length > 0);
    const landed = hops?.at(-1);
    const portal = landed && endpointOf(landed) !== host ? endpointOf(landed) : undefined;
    // A zip the proxy sends on to its storage or CDN (the probe's read of it): the broken file comes from there.
    const zipTo = first.ext === "zip" && !portal ? zipRedirect(e, url)?.to : undefined;
    const storage = zipTo && endpointOf(zipTo) !== host ? endpointOf(zipTo) : undefined;
    // go reads a .mod or .zip after its request succeeded (modfetch.TryProxies saw no error): a '|' after the entry never comes into play.
    const readLater = (first.ext === "mod" || first.ext === "zip") && (first.why === "page" || first.why === "cache");
    const pipeUnused = readLater && entryFallsThrough(e, url) === true;
    const rest = pipeUnused ? goproxyWithoutEntry(e, url) : undefined;
    // go saves a .mod before it parses it, checked only against go.sum and the checksum database: unchecked, the page stays in the cache.
    // Every go.mod this run took from that server with a success status is suspect, not only the one go reported first.
    const savedMods =
      first.ext === "mod" && readLater
        ? [
            ...new Map(
              (e.trace?.requests ?? [])
                .filter((r) => r.status !== undefined && r.status >= 200 && r.status < 300 && endpointOf(r.url) === host)
                .map((r) => decodeRequestUrl(r.url))
                .filter((t) => t.kind === "mod" && t.module !== undefined && t.version !== undefined && isNoSumdb(e, t.module) === true)
                .map((t) => [`${t.module}@${t.version}`, { module: t.module!, version: t.version! }]),
            ).values(),
          ]
        : [];
    return makeFinding(PROXY_BAD_RESPONSE, {
      title: `${subject} sent ${first.why === "cut" ? "a broken answer" : "something else"} for ${ids[0]}${ids.length > 1 ? ` and ${ids.length - 1} more` : ""}: ${first.what}`,
      severity: failingSeverity(e),
      confidence: 0.8,
      why:
        `${host} answered the request for ${ids.join(", ")}${first.why === "insecure" ? "" : " with a success status"}, but ${first.what}. ` +
        (portal
          ? `${host} redirects the request to ${portal}, and the page comes from there: a sign-in or portal server, not a module proxy, answers in the file's place. `
          : storage
            ? `${host} redirects the zip to ${storage} (its storage or CDN, as gomod-doctor's read of it shows; go's trace names only ${host}), and what is not a zip comes from there. `
            : "") +
        WHY[first.why] +
        (pipeUnused
          ? ` The '|' after it in GOPROXY does not help: the ${first.ext === "mod" ? ".mod" : ".zip"} came with a success status, so the go command took it as the file and failed only when it read it; ` +
            "'|' moves on to the next entry after an error answer (a status, a broken connection, an .info that is not JSON), never after a file that reads wrong."
          : ""),
      evidence: [
        ...mine.slice(0, 4).map((h) => [h.err.message, ...h.err.details.slice(0, 1)].join(" | ")),
        ...probeSaw.slice(0, 1).map((o) => o.text),
        ...(portal ? [`probe: ${probeSaw.find((o) => o.endpoint?.http?.redirects?.length)!.endpoint!.http!.url} redirected to ${landed}`] : []),
        ...(storage ? [`the zip is redirected to ${zipTo} (the probe's read of it)`] : []),
      ],
      modules: [...new Set(mine.map((h) => h.err.module!))].sort(),
      fixes:
        first.why === "encoding"
          ? encodingFixes(e, host, url, ids)
          : [
            {
              summary: `See what ${storage ?? host} really sends for it${first.why === "cut" ? "" : " (a web page shows its title)"}`,
              commands: [`curl -sS -D - ${storage ? "-L " : ""}${shellQuote(url)} | head -c 600`],
            },
            ...(portal
              ? [
                  {
                    summary: `Sign in to the network's portal at ${portal} (in a browser), or ask its operators to let ${host} through; then retry`,
                    commands: [`curl -sS -L -m 10 -o /dev/null -w '%{url_effective} %{http_code}\\n' ${shellQuote(url)}`, "go mod download -x"],
                  },
                ]
              : []),
            ...(savedMods.length > 0
              ? [
                  {
                    summary: "Before any retry, remove what go saved as the go.mod in the module cache (no checksum check stopped it; later runs would read it from there)",
                    commands: savedMods.slice(0, 5).map((m) => `rm -f ${shellQuote(cachedGoModPath(e, m.module, m.version))}`),
                  },
                ]
              : []),
            ...(rest
              ? [{ summary: `Meanwhile, download without ${host}: the rest of your GOPROXY, for this run only`, commands: [`GOPROXY=${shellQuote(rest)} go mod download -x`] }]
              : []),
            ...optional(mirrorFix(e, "Use a mirror that answered properly")),
          ],
    });
  });
}

/**
 * A body labelled `Content-Encoding: gzip` that is not gzip: go's transport asked for gzip and cannot undo it.
 * The server (or what stands in front of it) must stop labelling it; meanwhile the next GOPROXY entry, or the
 * module's own repository, serves the file without that path.
 */
function encodingFixes(e: Evidence, host: string, url: string, ids: string[]): Fix[] {
  const hostname = hostOf(url) ?? host;
  const rest = goproxyPast(e, hostname, url);
  return [
    {
      summary:
        `See what ${host} sends for it when asked for gzip, as go asks: Content-Encoding: gzip over a body that is not gzip; Server and Via name what answered ` +
        "(the proxy itself, or a reverse proxy, CDN or corporate proxy in front of it)",
      commands: [`curl -sS -D - -H 'Accept-Encoding: gzip' ${shellQuote(url)} | head -c 600`],
    },
    {
      summary: "Have whoever runs that server or middlebox send Content-Encoding: gzip only on a body it compressed (a reverse proxy or CDN that adds the header, or compresses twice, is the usual cause)",
      commands: [`curl -sS -D - -o /dev/null ${shellQuote(url)}`],
      caution: "This request does not ask for gzip: a Content-Encoding: gzip header on it too means the server labels every answer so, whatever the client asks.",
    },
    ...skipEntryFix(e, host, hostname, url),
    ...(rest?.startsWith("direct")
      ? []
      : [
          {
            summary: `Or fetch only ${ids.length > 1 ? "these modules" : ids[0]} from ${ids.length > 1 ? "their repositories" : "its repository"}, for this command`,
            commands: [`GOPROXY=direct go mod download ${ids.slice(0, 3).join(" ")}`],
            caution: `${DIRECT_FETCH_CAUTION} go.sum and the checksum database still check what arrives.`,
          },
        ]),
    ...optional(mirrorFix(e, "Use a mirror that answered properly")),
  ];
}


/**
 * `MOD: zip: not a valid zip file` in a log without requests (go mod download
 * without -x, a pasted line; goproxy/goproxy.cn#246: a CDN node's broken
 * copy): a suspicion, since a zip already in the module cache (a broken copy,
 * say from a truncated CI cache) reads the same. Not in a -x trace that shows
 * no request for it (the cache's copy, then), and not when the module is
 * fetched directly (no proxy sent it).
 */
/** What go says of a zip it cannot read, after the path it was fetching: not a zip at all, or an entry whose CRC-32 does not match. */
const UNREADABLE_ZIP = /(?:^|\s)([^\s:@]+)(?:@\S+?)?: zip: (not a valid zip file|checksum error)/m;

interface UnreadableZip {
  err: GoErrorState;
  module: string;
  version?: string;
  /** archive/zip's ErrChecksum: the file opens, but an entry's bytes fail their CRC while go extracts it. */
  crc: boolean;
}

/**
 * The module of an unreadable zip: the error's own, or under an `imports` chain the path on the failing line,
 * with the version go was downloading for it (`go: downloading MOD VER` before the error).
 */
function unreadableZip(e: Evidence, err: GoErrorState): UnreadableZip | undefined {
  const m = UNREADABLE_ZIP.exec([err.message, ...err.details].join("\n"));
  if (!m) return undefined;
  const module = err.module ?? m[1]!;
  const listed = (e.trace?.modules ?? []).filter((x) => module === x.path || module.startsWith(`${x.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
  const version = err.version ?? listed?.version;
  return { err, module: listed?.path ?? module, ...(version ? { version } : {}), crc: m[2] === "checksum error" };
}

function untracedBadZips(e: Evidence, traced: Set<string>): Finding[] {
  if ((e.trace?.requests.length ?? 0) > 0) return [];
  const hits = (e.trace?.errors ?? [])
    .map((err) => unreadableZip(e, err))
    .filter((z): z is UnreadableZip => z !== undefined && !traced.has(z.module) && isNoProxy(e, z.module) !== true && (!e.ctx || proxyUrls(e).length > 0));
  if (hits.length === 0) return [];
  const first = hits[0]!;
  const { module, crc } = first;
  const id = first.version ? `${module}@${first.version}` : module;
  const file = first.version ? `${escapeModulePath(module)}/@v/${escapeVersion(first.version)}.zip` : `${escapeModulePath(module)}/@v/VERSION.zip`;
  return [
    makeFinding(PROXY_BAD_RESPONSE, {
      title: `The zip of ${id} ${crc ? "is damaged (a file in it fails its checksum)" : "is not a zip file"}: a proxy or its CDN sent a broken file, or the cached copy is broken`,
      severity: failingSeverity(e),
      confidence: 0.6,
      why:
        `The go command could not ${crc ? "extract" : "open"} the module's zip. Its source is not in the log: a proxy (or the CDN in front of it) that sent an error page or a ` +
        "truncated copy, or a broken copy already in the module cache (a truncated CI cache restore, a disk error). Fetching the file by hand tells which.",
      evidence: hits.slice(0, 4).map((h) => [h.err.message, ...h.err.details.slice(0, 1)].join(" | ")),
      modules: [...new Set(hits.map((h) => h.module))].sort(),
      fixes: [
        {
          summary: "Fetch the zip from the first GOPROXY entry and test it: an HTML page or a short file is the proxy's (or its CDN's)",
          commands: [`curl -sS -o /tmp/module.zip "$(go env GOPROXY | cut -d, -f1 | cut -d'|' -f1)/${file}"`, "file /tmp/module.zip; unzip -tq /tmp/module.zip"],
        },
        {
          summary: "If the file from the proxy is fine, the cached copy is broken: remove that module's download from the cache and fetch it again",
          commands: [`rm -rf "$(go env GOMODCACHE)/cache/download/${escapeModulePath(module)}/@v/${first.version ? `${escapeVersion(first.version)}.` : ""}"*`, `go mod download -x ${id}`],
          caution: "Removes only this module's cached download files; the rest of the module cache stays.",
        },
      ],
    }),
  ];
}

/** A 429 from a GOPROXY entry, or from a module server a go-import tag names (mod-server.ts leaves those to this rule). */
export function isRateLimit(o: Observation): boolean {
  return (o.role === "proxy" || o.role === "mod-server") && o.status === 429;
}

function rateLimited(e: Evidence): Finding[] {
  const obs = observe(e).filter(isRateLimit);
  const hosts = [...new Set(obs.map((o) => endpointOf(o.url) ?? o.host))].sort();
  return hosts.map((host) => {
    const mine = obs.filter((o) => (endpointOf(o.url) ?? o.host) === host);
    const retryAfter = proxyRetryAfter(e, host);
    const hostname = hostOf(mine[0]!.url) ?? host;
    const url = mine.find((o) => o.source === "trace")?.url ?? mine[0]!.url;
    const server = serverName(e, url, host);
    // A module server is fetched in direct mode: no GOPROXY entry to fall through to, no mirror that has its modules.
    const next = server.modServer ? undefined : nextEntry(e, url);
    const falls = server.modServer ? false : (entryFallsThrough(e, url) ?? proxyFallsThrough(e, hostname));
    return makeFinding(PROXY_RATE_LIMITED, {
      title: `${server.Name} rate-limits the requests (429 Too Many Requests)`,
      severity: falls ? "warning" : failingSeverity(e),
      confidence: 0.9,
      why:
        `${host} answered 429 Too Many Requests${retryAfter ? ` and asks to wait (Retry-After: ${retryAfter})` : ""}: it refuses this client for a while because of how many requests it sent. ` +
        (server.modServer
          ? "It is not a GOPROXY entry: fetching the module directly, the go command asks it because the module's go-import tag names it, does not retry, and has no other source to go on to."
          : falls
            ? "GOPROXY lets the go command go on to the next entry ('|')."
            : `The go command does not retry, and with a ',' separator it does not try the next GOPROXY entry${next ? ` (${next.raw})` : ""} on a 429.`),
      evidence: [...new Set(mine.map((o) => o.text)), ...(retryAfter ? [`probe: Retry-After: ${retryAfter}`] : [])].slice(0, 4),
      modules: uniqueModules(mine),
      fixes: [
        { summary: `Wait${retryAfter ? ` (Retry-After: ${retryAfter})` : ""}, then retry: modules that finished stay in the module cache`, commands: ["go mod download -x"] },
        {
          summary: "In CI, keep the module cache between runs so fewer modules are fetched at all",
          commands: ["go env GOMODCACHE"],
          caution: "Cache that directory (keyed on go.sum) in your CI's cache step.",
        },
        ...(next && !falls ? [{ summary: `Let the go command fall through to ${next.raw} on errors with '|'`, commands: [`GOPROXY=${shellQuote(pipeList(e))} go mod download`] }] : []),
        ...(server.modServer ? [] : optional(mirrorFix(e, "Use a mirror that answered"))),
      ],
    });
  });
}

/** A zip the proxy answered 404/410 for although it knows the version; `known` says how that is known. */
interface HalfServedZip {
  url: string;
  status: number;
  module: string;
  version: string;
  /** "trace": it served the .info or .mod in this run; "order": go read them before the zip (see unansweredZips). */
  known: "trace" | "order";
  /** go's error line for it, when the log has one. */
  line?: string;
  /** The file answered 404/410 (a zip, or in a traced run also the .info or .mod) and the one of the same version served before it. */
  file?: "zip" | "info" | "mod";
  served?: "info" | "mod";
}

/**
 * A not-found answer that gives no reason (`server response: not found`, or
 * none at all): nothing says this version is missing from its repository.
 */
function bareNotFound(details: string[]): boolean {
  const response = serverResponse(details).replace(/^server response:\s*/, "").trim();
  return response === "" || /^(?:not found|gone)\.?$/i.test(response);
}

/** go's `MOD@VER: reading URL.zip: 404 Not Found` errors: zip URL and status. */
function zipNotFoundErrors(e: Evidence): { url: string; status: number; err: GoErrorState }[] {
  return (e.trace?.errors ?? []).flatMap((err) => {
    const m = /reading (https?:\/\/\S+\.zip): (404|410)\b/.exec(err.message);
    return m && err.module && err.version ? [{ url: m[1]!, status: Number(m[2]), err }] : [];
  });
}

/**
 * Zips a proxy answered 404/410 for although it knows the version: the trace
 * shows it served the same version's .info or .mod just before; or (a log
 * without -x, a .mod from the module cache) no request for them is traced
 * and the not-found gives no reason. go reads a version's .info and .mod
 * before its zip (modcmd.DownloadModule: InfoFile, GoModFile, then
 * DownloadZip; a build loads the module graph, every go.mod, before any zip),
 * and a failure there would have been the error: so they were served.
 * Either way the zip is missing from the proxy's own storage.
 */
export function halfServedZips(e: Evidence): HalfServedZip[] {
  const requests = e.trace?.requests ?? [];
  const out: HalfServedZip[] = [];
  const metaOf = (url: string) => {
    const stem = url.replace(/\.(?:zip|info|mod)$/, "");
    return requests.filter((x) => x.url !== url && (x.url === `${stem}.mod` || x.url === `${stem}.info`));
  };
  const errors = zipNotFoundErrors(e);
  const add = (url: string, status: number, known: HalfServedZip["known"], line?: string, files?: Pick<HalfServedZip, "file" | "served">) => {
    const target = decodeRequestUrl(url);
    if (target.module && target.version && !out.some((z) => z.url === url))
      out.push({ url, status, module: target.module, version: target.version, known, ...(line ? { line } : {}), ...files });
  };
  for (const r of requests) {
    // A .info or .mod answered 404 right after the same version's other file was served: the proxy knows that version too.
    if ((r.kind !== "zip" && r.kind !== "info" && r.kind !== "mod") || (r.status !== 404 && r.status !== 410)) continue;
    const served = metaOf(r.url).find((x) => x.status !== undefined && x.status >= 200 && x.status < 300);
    if (served) add(r.url, r.status, "trace", undefined, { file: r.kind, served: served.url.endsWith(".mod") ? "mod" : "info" });
  }
  for (const z of errors) {
    if (metaOf(z.url).length === 0 && bareNotFound(z.err.details)) add(z.url, z.status, "order", z.err.message);
  }
  return out;
}

function halfServed(e: Evidence): Finding[] {
  // A module server a go-import tag names is no proxy: mod-server.ts words its half-served zip.
  const roots = modServerRoots(e);
  const zips = halfServedZips(e).filter((z) => !modRootOf(roots, z.url));
  if (zips.length === 0) return [];
  const byHost = new Map<string, typeof zips>();
  for (const z of zips) byHost.set(endpointOf(z.url) ?? z.url, [...(byHost.get(endpointOf(z.url) ?? z.url) ?? []), z]);
  return [...byHost.entries()].map(([host, mine]) => {
    const first = mine[0]!;
    const ids = [...new Set(mine.map((z) => `${z.module}@${z.version}`))];
    const traced = mine.every((z) => z.known === "trace");
    const more = ids.length > 1 ? `, and ${ids.length - 1} more like it` : "";
    const name = { zip: "zip", info: ".info", mod: "go.mod" } as const;
    // Several kinds of file missing (a zip here, an .info there): said as files.
    const missing = mine.every((z) => (z.file ?? "zip") === (first.file ?? "zip")) ? name[first.file ?? "zip"] : "files";
    const had = first.served === "info" ? ".info" : "go.mod";
    // The proxy redirects its zips (a CDN, object storage), and the probe's read ended on the same status there: that host lacks the file.
    const sent = missing === "zip" ? zipRedirect(e, first.url) : undefined;
    const cdn = sent && sent.status === first.status ? endpointOf(sent.to) : undefined;
    if (sent && cdn) {
      return makeFinding(PROXY_5XX, {
        title: `The module proxy ${host} sends the zip of ${ids[0]} to ${cdn}, which answers ${first.status}${more}`,
        severity: failingSeverity(e),
        confidence: 0.8,
        why:
          `${host} ${traced ? `answered the ${had} of ${ids[0]}` : "knows the version"} and redirects its zip to ${cdn} (its storage or CDN), which answers ` +
          `${first.status}: the file is missing there (an incomplete upload or sync, a CDN node out of step), or the link the proxy hands out is not valid on that host. ` +
          "go's trace names only the proxy's URL; the probe followed the redirect. The module is neither private nor missing.",
        evidence: [
          ...mine.slice(0, 3).map((z) => (z.known === "trace" ? `${z.module}@${z.version}: # get ${z.url}: ${z.status} (its ${z.served === "info" ? ".info" : ".mod"}: 200)` : (z.line ?? `${z.url}: ${z.status}`))),
          `the zip is redirected to ${sent.to}, which answers ${first.status} (the probe's read of it)`,
        ],
        modules: [...new Set(mine.map((z) => z.module))],
        fixes: [
          { summary: `See where ${host} sends the zip and what ${cdn} answers; ${host}'s operators fix the storage behind it`, commands: [`curl -sSI ${first.url}`, `curl -sSI ${sent.to}`] },
          {
            summary: "Meanwhile fetch that version from another source, for this run",
            commands: [`GOPROXY=${isPublicProxyHost(hostOf(first.url)) ? "direct" : "https://proxy.golang.org,direct"} go mod download ${ids[0]}`],
            caution: "A one-off setting for this command; a private module can only come from its own repository (direct).",
          },
        ],
      });
    }
    return makeFinding(PROXY_5XX, {
      title: traced
        ? `The module proxy ${host} serves ${ids[0]}'s ${had} but not its ${missing} (${first.status})${more}`
        : `The module proxy ${host} answers ${first.status} for the zip of ${ids[0]}, a version whose go.mod go had already read${more}`,
      severity: failingSeverity(e),
      // Untraced, the go.mod may have come from an earlier run's module cache, fetched elsewhere.
      confidence: traced ? 0.8 : 0.7,
      why:
        (traced
          ? `${host} answered the ${had} of ${ids[0]} and then ${first.status} for its ${missing}: it knows the version, so the module is neither private nor missing. `
          : `go reads a version's .info and .mod before its zip (and loads every go.mod of the module graph before any zip), so ${host} served those ` +
            `(or the module cache held them from an earlier run), then answered ${first.status} for the zip with no reason given: the version exists. `) +
        `The ${missing} is missing from the proxy's own storage: an incomplete mirror or cache (a CDN node out of step), or its fetch from the origin broke.`,
      // Each line names its module@version: the URL's case-encoded path does not read as one, and "more like it" hides the others.
      evidence: mine
        .slice(0, 4)
        .map((z) => (z.known === "trace" ? `${z.module}@${z.version}: # get ${z.url}: ${z.status} (its ${z.served === "info" ? ".info" : ".mod"}: 200)` : (z.line ?? `${z.url}: ${z.status}`))),
      modules: [...new Set(mine.map((z) => z.module))],
      fixes: [
        { summary: `Ask ${host}'s operators to refetch the ${missing}; see what it answers now`, commands: [`curl -sSI ${first.url}`] },
        {
          summary: "Meanwhile fetch that version from another source, for this run",
          commands: [`GOPROXY=${isPublicProxyHost(hostOf(first.url)) ? "direct" : "https://proxy.golang.org,direct"} go mod download ${ids[0]}`],
          caution: "A one-off setting for this command; a private module can only come from its own repository (direct).",
        },
      ],
    });
  });
}

export const proxyAnswersFamily: RuleFamily = {
  family: "proxy-answers",
  causes: [PROXY_RATE_LIMITED],
  evaluate(e) {
    const bad = badFileFindings(e);
    return [...rateLimited(e), ...bad, ...untracedBadZips(e, new Set(bad.flatMap((f) => f.modules ?? []))), ...halfServed(e)];
  },
};
