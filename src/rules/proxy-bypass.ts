// A one-off `GOPROXY=…` helps only modules the go command fetches through
// GOPROXY. One that GONOPROXY (by default GOPRIVATE) matches is fetched
// straight from its repository whatever GOPROXY says (modfetch lookup puts
// "noproxy" first), so for it the fix is about that direct fetch instead.
import type { Finding, Fix } from "../report/schema.js";
import { isNoProxy } from "./settings-view.js";
import type { Evidence } from "./types.js";

/** The named modules go fetches directly whatever GOPROXY says; [] without settings (a log alone). */
export function bypassingProxy(e: Evidence, modules: readonly string[]): string[] {
  return [...new Set(modules)].filter((m) => isNoProxy(e, m) === true);
}

/** The variable that sends them direct: GONOPROXY when set apart from GOPRIVATE, else GOPRIVATE. */
function noProxyVariable(e: Evidence): { key: "GONOPROXY" | "GOPRIVATE"; value: string } {
  const env = e.ctx?.env;
  const own = env?.GONOPROXY && env.GONOPROXY !== env.GOPRIVATE;
  return own ? { key: "GONOPROXY", value: env.GONOPROXY ?? "" } : { key: "GOPRIVATE", value: env?.GOPRIVATE ?? "" };
}

/** What applies to modules GONOPROXY/GOPRIVATE sends direct: the repository path, and whether they belong there. */
export function directFetchFix(e: Evidence, modules: readonly string[]): Fix {
  const { key, value } = noProxyVariable(e);
  const first = modules[0] ?? "the module";
  const named = modules.length > 1 ? `${first} and ${modules.length - 1} more` : first;
  return {
    summary:
      `${named} ${modules.length > 1 ? "match" : "matches"} ${key} (${value}), so the go command fetches ${modules.length > 1 ? "them" : "it"} straight from the repository ` +
      "whatever GOPROXY says (a GOPROXY change does not help): see where the direct fetch fails (the go-get page, then git)",
    commands: [`go env ${key}${key === "GOPRIVATE" ? " GONOPROXY" : ""}`, `go mod download -x ${first}`],
    caution:
      `If ${first} is public, take it out of ${key} so the proxy serves it; if it is private, this machine needs access to its repository host ` +
      "(network, and credentials in ~/.netrc or git's credential helper).",
  };
}

/** A fix that changes GOPROXY for the go command, without also taking modules out of GONOPROXY/GOPRIVATE. */
function changesGoproxy(fix: Fix): boolean {
  const sets = (key: string) => fix.commands.some((c) => new RegExp(`(?:^|\\s)${key}=`).test(c));
  return sets("GOPROXY") && !sets("GONOPROXY") && !sets("GOPRIVATE");
}

/**
 * For findings about modules go fetches directly whatever GOPROXY says: their
 * GOPROXY changes (a one-off `GOPROXY=…`, a mirror, a '|' list) give way to
 * the direct-fetch fix; with other modules in the same finding, the direct
 * fix is added for the bypassing ones.
 */
export function withDirectFetchFixes(findings: Finding[], e: Evidence): Finding[] {
  return findings.map((f) => {
    if (!f.fixes.some(changesGoproxy)) return f;
    const modules = f.modules ?? [];
    const direct = bypassingProxy(e, modules);
    if (direct.length === 0) return f;
    const fix = directFetchFix(e, direct);
    if (direct.length < new Set(modules).size) return { ...f, fixes: [...f.fixes, fix] };
    const kept = f.fixes.filter((x) => !changesGoproxy(x));
    return { ...f, fixes: [...kept, fix] };
  });
}
