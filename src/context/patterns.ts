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

function withoutScheme(glob: string): string {
  return glob.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/\/+$/, "");
}

/** A URL written in place of a glob (`https://corp.example/`), as the path prefix it stands for; undefined for anything else. */
export function globOfUrl(glob: string): string | undefined {
  const bare = withoutScheme(glob.trim());
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(glob.trim()) && bare !== "" && validatePatterns(bare) === undefined ? bare : undefined;
}

/**
 * A glob that was meant for `target` and misses it by its spelling alone: only in
 * upper and lower case (path.Match compares bytes; module paths keep their case),
 * or written as a URL (its scheme is one more path element no module path has).
 * Such a glob matches nothing it was meant for: a fix replaces it.
 */
export function nearMiss(glob: string, target: string): "case" | "url" | undefined {
  if (matchPrefixPatterns(glob, target)) return undefined;
  if (matchPrefixPatterns(glob.toLowerCase(), target.toLowerCase())) return "case";
  const bare = withoutScheme(glob);
  if (bare !== glob.replace(/\/+$/, "") && bare !== "" && matchPrefixPatterns(bare, target)) return "url";
  return undefined;
}

/**
 * Why a glob in `list` that looks meant for `target` does not match it, in
 * words; undefined when one matches or none looks meant for it. The usual
 * surprises: a glob that differs only in case (matching is case-sensitive);
 * a URL (`https://corp.example`) in place of a path prefix; `*.corp.example`
 * names hosts under corp.example, not corp.example itself; `*` never crosses
 * a `/`, and a glob is compared with exactly as many leading path elements
 * as it has.
 */
export function globMiss(list: string, target: string): string | undefined {
  if (matchPrefixPatterns(list, target)) return undefined;
  const elements = target.split("/");
  for (const glob of globs(list)) {
    const miss = nearMiss(glob, target);
    if (miss === "case") {
      const prefix = elements.slice(0, glob.split("/").length).join("/");
      return `\`${glob}\` and ${prefix} differ only in upper and lower case, and go matches module paths case-sensitively`;
    }
    if (miss === "url") return `\`${glob}\` is a URL, and patterns are module path prefixes without a scheme (${withoutScheme(glob)})`;
    // `corp.example` against git.corp.example/...: a plain glob is a path prefix, not a domain with its subdomains.
    if (!/[*?[]/.test(glob) && !glob.includes("/") && elements[0]!.endsWith(`.${glob}`)) {
      return `\`${glob}\` matches module paths that start with ${glob}/, not hosts under it such as ${elements[0]} (that takes \`*.${glob}\`)`;
    }
  }
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
