// The fixes that take the go command round a module proxy that fails: the
// next GOPROXY entry with '|', the rest of the user's GOPROXY for one run,
// and, for a public proxy this network blocks, the network's HTTP proxy or
// another public mirror.
import { DEFAULT_MIRRORS } from "../probes/mirror-list.js";
import type { Fix } from "../report/schema.js";
import { settingFix, shellQuote } from "./fixes.js";
import { hostOf } from "./net-text.js";
import { goproxyWithout, goproxyWithoutEntry, pipeList } from "./settings-view.js";
import type { Evidence } from "./types.js";

/** What GOPROXY=direct asks of this machine. */
export const DIRECT_FETCH_CAUTION = "direct fetches each module from its own repository (git): it needs access to them, and credentials for private ones.";

/** The '|' list: tried once on the command line, then set where GOPROXY is set (export, or go env -w). */
export function pipeListFix(e: Evidence, summary: string): Fix {
  const persist = settingFix(e, summary, "GOPROXY", pipeList(e));
  return { ...persist, commands: [`GOPROXY=${shellQuote(pipeList(e))} go mod download`, ...persist.commands] };
}

/**
 * The user's GOPROXY without the entry a request went to. The request's URL names the entry itself: two entries on
 * one host (Artifactory's /api/go/a and /api/go/b, two ports) stay apart; the host alone decides without it.
 */
export function goproxyPast(e: Evidence, hostname: string, requestUrl?: string): string | undefined {
  return (requestUrl ? goproxyWithoutEntry(e, requestUrl) : undefined) ?? goproxyWithout(e, hostname);
}

/**
 * A hung entry holds go for ever, whatever its separator: the rest of the
 * user's own GOPROXY, for this run, is the way past it.
 */
export function skipEntryFix(e: Evidence, host: string, hostname: string, requestUrl?: string): Fix[] {
  const rest = goproxyPast(e, hostname, requestUrl);
  if (!rest) return [];
  return [
    {
      summary: `Meanwhile, download without ${host}: the rest of your GOPROXY, for this run only`,
      commands: [`GOPROXY=${shellQuote(rest)} go mod download`],
      ...(rest.startsWith("direct")
        ? { caution: DIRECT_FETCH_CAUTION }
        : {}),
    },
  ];
}

/**
 * A public proxy this network blocks: the way out through the network's HTTP
 * proxy, or another public mirror (one the mirror probe reached, else one to measure).
 */
export function publicProxyBlockedFixes(e: Evidence, hostname: string, mirror: Fix | undefined): Fix[] {
  const other = DEFAULT_MIRRORS.find((u) => hostOf(u) !== hostname)!;
  const measured = settingFix(e, `Or use a public mirror that answers from here (measure them first: the probe tries ${DEFAULT_MIRRORS.map((u) => hostOf(u)).join(", ")})`, "GOPROXY", `${other},direct`);
  return [
    {
      summary: "If this network reaches the internet through an HTTP proxy, send the go command through it",
      commands: ["env | grep -i '_proxy='", "export HTTPS_PROXY=http://<PROXY_HOST>:<PORT>"],
      caution: "Your network's administrators know the proxy's address; NO_PROXY keeps internal hosts off it.",
    },
    mirror ?? { ...measured, commands: ["gomod-doctor probe", ...measured.commands] },
  ];
}
