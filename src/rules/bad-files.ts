// go's words for a file a proxy sent with a success status that is not the
// file asked for (a page, another version's .info, a body marked gzip that is
// not), matched to the request of this run that fetched it. proxy-answers.ts
// makes the finding; network.ts leaves the probe's reading of the same server
// to it instead of a second finding.
import type { GoErrorState } from "../stall/types.js";
import { escapeModulePath, escapeVersion } from "../util/modpath.js";
import { endpointOf } from "./net-text.js";
import { requestUrlFor } from "./observe.js";
import type { Evidence } from "./types.js";

/** Why a proxy sends a file other than the one asked for: a page in its place (the default), its own broken cache, a wrong encoding, an insecure redirect, a cut answer. */
export type BadFileReason = "page" | "cache" | "encoding" | "cut" | "insecure";

const NOT_A_FILE: { re: RegExp; ext: "zip" | "mod" | "info"; what: string; why?: BadFileReason }[] = [
  { re: /zip: not a valid zip file/, ext: "zip", what: "the .zip it sent is not a zip file" },
  { re: /parsing go\.mod: missing module line/, ext: "mod", what: "the .mod it sent has no module line (not a go.mod)" },
  // encoding/json: the object breaks off before its end.
  { re: /invalid response from proxy "[^"]*": unexpected end of JSON input/, ext: "info", what: "the .info it sent is JSON that breaks off", why: "cut" },
  { re: /invalid response from proxy/, ext: "info", what: "the .info it sent is not JSON" },
  // modfetch/proxy.go checks the .info's Version against the one asked for.
  { re: /proxy returned info for version \S+ instead of requested version/, ext: "info", what: "the .info it sent is for another version", why: "cache" },
  // modfetch/zip checks every file's path against the module and version asked for.
  { re: /zip for \S+ has unexpected file /, ext: "zip", what: "the .zip it sent holds another module's files", why: "cache" },
  ...(["zip", "mod", "info"] as const).flatMap((ext) => [
    { re: new RegExp(`\\.${ext}": (?:gzip: invalid header|flate: corrupt input)`), ext, what: `the .${ext} it sent is marked gzip but is not`, why: "encoding" as const },
    { re: new RegExp(`redirected from secure URL \\S+\\.${ext} to insecure URL`), ext, what: `it redirects the .${ext} to an insecure http:// URL`, why: "insecure" as const },
  ]),
];

export interface BadFile {
  err: GoErrorState;
  ext: string;
  what: string;
  why: BadFileReason;
  /** The request of this run that fetched it. */
  url: string;
}

/** `invalid response from proxy "BASE": ...` names the proxy; the .info URL is built from it. */
function proxyNamed(text: string, module: string, version: string): string | undefined {
  const base = /invalid response from proxy "(https?:\/\/[^"]+)"/.exec(text)?.[1];
  return base ? `${base.replace(/\/+$/, "")}/${escapeModulePath(module)}/@v/${escapeVersion(version)}.info` : undefined;
}

/** go's errors for files this run fetched from a proxy that were not the file asked for. */
export function badFiles(e: Evidence): BadFile[] {
  const hits: BadFile[] = [];
  for (const err of e.trace?.errors ?? []) {
    const all = [err.message, ...err.details].join("\n");
    const kind = NOT_A_FILE.find((k) => k.re.test(all));
    if (!kind || !err.module || !err.version) continue;
    // Only a file this run fetched from a proxy: a .mod with no module line read from a repository (direct) is the
    // module's own fault, and a zip that was already in the cache may be a torn write of this machine's.
    const url = requestUrlFor(e, err.module, err.version, kind.ext) ?? (kind.ext === "info" ? proxyNamed(all, err.module, err.version) : undefined);
    if (!url) continue;
    hits.push({ err, ext: kind.ext, what: kind.what, why: kind.why ?? "page", url });
  }
  return hits;
}

/** Whether go itself said a file from this endpoint (host:port) was not the file asked for. */
export function goSaidBadFileAt(e: Evidence, endpoint: string | undefined): boolean {
  return endpoint !== undefined && badFiles(e).some((h) => endpointOf(h.url) === endpoint);
}
