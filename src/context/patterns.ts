// GOPRIVATE / GONOPROXY / GONOSUMDB / GOINSECURE matching, exactly as
// golang.org/x/mod/module.MatchPrefixPatterns: each comma-separated glob is
// matched (path.Match) against the target's prefix with as many path
// elements as the glob has; one trailing slash is trimmed; empty and
// malformed globs are ignored; no blanks are trimmed (" b" never matches).
import { pathMatch } from "./path-match.js";

function globs(list: string): string[] {
  return list
    .split(",")
    .map((g) => (g.endsWith("/") ? g.slice(0, -1) : g))
    .filter((g) => g !== "");
}

export function matchPrefixPatterns(list: string, target: string): boolean {
  for (const glob of globs(list)) {
    let n = (glob.match(/\//g) ?? []).length;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] === "/") {
        if (n === 0) {
          prefix = target.slice(0, i);
          break;
        }
        n--;
      }
    }
    if (n > 0) continue; // not enough path elements
    if (pathMatch(glob, prefix) === true) return true;
  }
  return false;
}

/** The first glob go would silently ignore as malformed, as an error line; undefined when all are fine. */
export function validatePatterns(list: string): string | undefined {
  for (const glob of globs(list)) {
    if (pathMatch(glob, "") === "bad-pattern") return `malformed pattern "${glob}": syntax error in pattern`;
    if (/\s/.test(glob)) return `pattern "${glob}" contains white space`;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(glob)) return `pattern "${glob}" is a URL: patterns are module path prefixes (e.g. ${glob.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")})`;
  }
  return undefined;
}
