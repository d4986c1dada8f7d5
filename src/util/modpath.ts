// Module-path case-encoding, as golang.org/x/mod/module EscapePath does it:
// every upper-case letter becomes `!` + its lower case, so paths stay
// unambiguous on case-insensitive file systems and in proxy URLs.

export function escapeModulePath(path: string): string {
  let out = "";
  for (const ch of path) {
    out += ch >= "A" && ch <= "Z" ? `!${ch.toLowerCase()}` : ch;
  }
  return out;
}

/** Undoes escapeModulePath; undefined for an invalid escaping (`!` not followed by a-z, or an upper-case letter). */
export function unescapeModulePath(escaped: string): string | undefined {
  let out = "";
  let bang = false;
  for (const ch of escaped) {
    if (bang) {
      if (ch < "a" || ch > "z") return undefined;
      out += ch.toUpperCase();
      bang = false;
    } else if (ch === "!") {
      bang = true;
    } else if (ch >= "A" && ch <= "Z") {
      return undefined;
    } else {
      out += ch;
    }
  }
  return bang ? undefined : out;
}

/** Versions are escaped the same way (`v1.0.0-RC1` -> `v1.0.0-!r!c1`). */
export const escapeVersion = escapeModulePath;
export const unescapeVersion = unescapeModulePath;
