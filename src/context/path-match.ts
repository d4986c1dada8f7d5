// Go's path.Match, ported line for line from src/path/match.go (unchanged
// go1.19..1.23): `*` runs of non-slash characters, `?` one non-slash
// character, `[...]` classes with ranges and `^` negation (a class can match
// '/'), `\` escapes. A malformed pattern gives "bad-pattern" (ErrBadPattern);
// MatchPrefixPatterns treats that as no match. Strings are walked by code
// point, as Go walks runes.

export type MatchResult = boolean | "bad-pattern";

class BadPattern extends Error {}

export function pathMatch(pattern: string, name: string): MatchResult {
  try {
    return match([...pattern], [...name]);
  } catch (error) {
    if (error instanceof BadPattern) return "bad-pattern";
    throw error;
  }
}

function match(pattern: string[], name: string[]): boolean {
  outer: while (pattern.length > 0) {
    const scanned = scanChunk(pattern);
    const { star, chunk } = scanned;
    pattern = scanned.rest;
    if (star && chunk.length === 0) return !name.includes("/");
    const t = matchChunk(chunk, name);
    if (t !== undefined && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < name.length && name[i] !== "/"; i++) {
        const t2 = matchChunk(chunk, name.slice(i + 1));
        if (t2 !== undefined) {
          if (pattern.length === 0 && t2.length > 0) continue;
          name = t2;
          continue outer;
        }
      }
    }
    // Before returning false, check the rest of the pattern is well formed.
    while (pattern.length > 0) {
      const next = scanChunk(pattern);
      pattern = next.rest;
      matchChunk(next.chunk, []);
    }
    return false;
  }
  return name.length === 0;
}

function scanChunk(pattern: string[]): { star: boolean; chunk: string[]; rest: string[] } {
  let star = false;
  let start = 0;
  while (start < pattern.length && pattern[start] === "*") {
    start++;
    star = true;
  }
  let inRange = false;
  let i = start;
  scan: for (; i < pattern.length; i++) {
    switch (pattern[i]) {
      case "\\":
        if (i + 1 < pattern.length) i++;
        break;
      case "[":
        inRange = true;
        break;
      case "]":
        inRange = false;
        break;
      case "*":
        if (!inRange) break scan;
        break;
    }
  }
  return { star, chunk: pattern.slice(start, i), rest: pattern.slice(i) };
}

/** The rest of s after chunk matched its start, or undefined; throws BadPattern. */
function matchChunk(chunk: string[], s: string[]): string[] | undefined {
  let failed = false;
  let c = 0;
  let si = 0;
  while (c < chunk.length) {
    if (!failed && si >= s.length) failed = true;
    const ch = chunk[c]!;
    if (ch === "[") {
      let r = "";
      if (!failed) r = s[si++]!;
      c++;
      let negated = false;
      if (chunk[c] === "^") {
        negated = true;
        c++;
      }
      let matched = false;
      let nrange = 0;
      for (;;) {
        if (c < chunk.length && chunk[c] === "]" && nrange > 0) {
          c++;
          break;
        }
        const lo = getEsc(chunk, c);
        c = lo.next;
        let hi = lo.r;
        if (chunk[c] === "-") {
          const h = getEsc(chunk, c + 1);
          hi = h.r;
          c = h.next;
        }
        if (!failed && cp(lo.r) <= cp(r) && cp(r) <= cp(hi)) matched = true;
        nrange++;
      }
      if (matched === negated) failed = true;
    } else if (ch === "?") {
      if (!failed) {
        if (s[si] === "/") failed = true;
        si++;
      }
      c++;
    } else {
      if (ch === "\\") {
        c++;
        if (c >= chunk.length) throw new BadPattern();
      }
      if (!failed) {
        if (chunk[c] !== s[si]) failed = true;
        si++;
      }
      c++;
    }
  }
  return failed ? undefined : s.slice(si);
}

function getEsc(chunk: string[], c: number): { r: string; next: number } {
  if (c >= chunk.length || chunk[c] === "-" || chunk[c] === "]") throw new BadPattern();
  if (chunk[c] === "\\") {
    c++;
    if (c >= chunk.length) throw new BadPattern();
  }
  const r = chunk[c]!;
  c++;
  if (c >= chunk.length) throw new BadPattern();
  return { r, next: c };
}

const cp = (s: string): number => s.codePointAt(0) ?? -1;
