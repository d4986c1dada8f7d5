// Go's path.Match: `*` (no slash), `?`, `[...]` classes with ranges and `^`
// negation, `\` escapes. A malformed pattern returns "bad-pattern", as Go's
// ErrBadPattern (callers such as MatchPrefixPatterns treat it as no match).

export type MatchResult = boolean | "bad-pattern";

export function pathMatch(pattern: string, name: string): MatchResult {
  return matchFrom(pattern, 0, name, 0);
}

function matchFrom(p: string, pi: number, s: string, si: number): MatchResult {
  while (pi < p.length) {
    const c = p[pi]!;
    if (c === "*") {
      // Collapse runs of stars; a star matches any run of non-slash characters.
      while (p[pi] === "*") pi++;
      if (pi === p.length) {
        // Validate nothing is left, then the rest of s must contain no slash.
        return !s.slice(si).includes("/");
      }
      for (let k = si; k <= s.length; k++) {
        const r = matchFrom(p, pi, s, k);
        if (r === "bad-pattern") return r;
        if (r) return true;
        if (k < s.length && s[k] === "/") break;
      }
      return validate(p, pi) ? false : "bad-pattern";
    }
    if (si >= s.length) return validate(p, pi) ? false : "bad-pattern";
    const ch = s[si]!;
    if (c === "?") {
      if (ch === "/") return validate(p, pi + 1) ? false : "bad-pattern";
      pi++;
      si++;
      continue;
    }
    if (c === "[") {
      const cls = matchClass(p, pi + 1, ch);
      if (cls === "bad-pattern") return cls;
      if (!cls.matched || ch === "/") return validate(p, cls.next) ? false : "bad-pattern";
      pi = cls.next;
      si++;
      continue;
    }
    if (c === "\\") {
      pi++;
      if (pi >= p.length) return "bad-pattern";
    }
    if (p[pi] !== ch) return validate(p, pi + 1) ? false : "bad-pattern";
    pi++;
    si++;
  }
  return si === s.length;
}

function matchClass(p: string, i: number, ch: string): { matched: boolean; next: number } | "bad-pattern" {
  let negated = false;
  if (p[i] === "^") {
    negated = true;
    i++;
  }
  let matched = false;
  let n = 0;
  for (;;) {
    if (i >= p.length) return "bad-pattern";
    if (p[i] === "]" && n > 0) {
      i++;
      break;
    }
    let lo = p[i]!;
    if (lo === "\\") {
      i++;
      if (i >= p.length) return "bad-pattern";
      lo = p[i]!;
    } else if (lo === "-" || lo === "]") {
      return "bad-pattern";
    }
    i++;
    let hi = lo;
    if (p[i] === "-") {
      i++;
      if (i >= p.length) return "bad-pattern";
      hi = p[i]!;
      if (hi === "\\") {
        i++;
        if (i >= p.length) return "bad-pattern";
        hi = p[i]!;
      } else if (hi === "-" || hi === "]") {
        return "bad-pattern";
      }
      i++;
    }
    if (lo <= ch && ch <= hi) matched = true;
    n++;
  }
  return { matched: matched !== negated, next: i };
}

/** Whether the rest of a pattern is well-formed (Go reports ErrBadPattern even after a mismatch). */
function validate(p: string, i: number): boolean {
  while (i < p.length) {
    const c = p[i]!;
    if (c === "\\") {
      if (i + 1 >= p.length) return false;
      i += 2;
    } else if (c === "[") {
      const r = matchClass(p, i + 1, "\0");
      if (r === "bad-pattern") return false;
      i = r.next;
    } else {
      i++;
    }
  }
  return true;
}
