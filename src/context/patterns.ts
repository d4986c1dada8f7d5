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

/**
 * Why a wildcard glob in `list` that looks meant for `target` does not match
 * it, in words; undefined when one matches or no glob has a wildcard. The
 * usual surprises: `*.corp.example` names hosts under corp.example, not
 * corp.example itself; `*` never crosses a `/`, and a glob is compared with
 * exactly as many leading path elements as it has.
 */
export function wildcardMiss(list: string, target: string): string | undefined {
  if (matchPrefixPatterns(list, target)) return undefined;
  const elements = target.split("/");
  for (const glob of globs(list)) {
    if (!/[*?[]/.test(glob)) continue;
    const parts = glob.split("/");
    const first = parts[0]!;
    // `*.corp.example` against corp.example/...: the dot before the name must be there.
    if (/^\*\./.test(first) && elements[0] === first.slice(2)) {
      return `\`${glob}\` matches hosts under ${elements[0]} (such as git.${elements[0]}), not ${elements[0]} itself`;
    }
    if (pathMatch(first, elements[0]!) !== true) continue;
    if (parts.length > elements.length) {
      return `\`${glob}\` needs ${parts.length} path elements and ${target} has ${elements.length}`;
    }
    const prefix = elements.slice(0, parts.length).join("/");
    return `\`${glob}\` is compared with the first ${parts.length} path elements, ${prefix}, and does not match them (\`*\` stands for part of one element, never a \`/\`)`;
  }
  return undefined;
}
