// GOFLAGS as the go command splits and applies it (cmd/go/internal/base/goflags.go).
// go1.19 splits on blanks (strings.Fields); newer go (go1.23 checked; the
// change is golang/go#26849, believed go1.21) also accepts '...' or "..."
// around a whole field (cmd/internal/quoted). Every field must be a flag (-x, --x,
// -x=v); for one command, flags it does not define are skipped; the last
// value of a repeated flag wins. `go env` hides these errors; every other
// command fails with "go: parsing $GOFLAGS: ...".
import { compareGoVersions } from "./go-version.js";

export interface Goflags {
  modVendor: boolean;
  modcacherw: boolean;
  modReadonly: boolean;
  flags: string[];
  /** The -mod value in effect, if any ("mod", "readonly", "vendor", or something go rejects). */
  mod?: string;
  /** go's complaint about the value (without the "go: parsing $GOFLAGS: " prefix). */
  error?: string;
}

/** quoted.Split (go1.21+). */
export function splitGoflags(value: string): { fields: string[]; error?: string } {
  const fields: string[] = [];
  let s = value;
  for (;;) {
    s = s.replace(/^[ \t\n\r]+/, "");
    if (s === "") return { fields };
    const q = s[0];
    if (q === '"' || q === "'") {
      const end = s.indexOf(q, 1);
      if (end < 0) return { fields, error: `unterminated ${q} string` };
      fields.push(s.slice(1, end));
      s = s.slice(end + 1);
      continue;
    }
    const m = /^[^ \t\n\r]+/.exec(s)!;
    fields.push(m[0]);
    s = s.slice(m[0].length);
  }
}

/** strconv.ParseBool's accepted spellings. */
const BOOL_VALUES = new Set(["1", "t", "T", "true", "TRUE", "True", "0", "f", "F", "false", "FALSE", "False"]);

function isNonFlag(f: string): boolean {
  return !f.startsWith("-") || f === "-" || f === "--" || f.startsWith("---") || f.startsWith("-=") || f.startsWith("--=");
}

function fields(value: string): { fields: string[]; error?: string } {
  return { fields: value.split(/\s+/).filter(Boolean) };
}

/** The value of a flag in effect (last wins), "true" for a bare boolean flag. */
function lastValue(fields: string[], name: string): string | undefined {
  let value: string | undefined;
  for (const f of fields) {
    if (isNonFlag(f)) continue;
    const body = f.replace(/^--?/, "");
    const eq = body.indexOf("=");
    const key = eq < 0 ? body : body.slice(0, eq);
    if (key === name) value = eq < 0 ? "true" : body.slice(eq + 1);
  }
  return value;
}

/** goVersion (e.g. "go1.19.8") picks the splitting rules; without it, the current ones. */
export function parseGoflags(value: string, goVersion?: string): Goflags {
  const split = goVersion && compareGoVersions(goVersion, "go1.21") < 0 ? fields(value) : splitGoflags(value);
  const flags = split.fields;
  let error = split.error;
  const nonFlag = flags.find(isNonFlag);
  if (!error && nonFlag !== undefined) error = `non-flag ${JSON.stringify(nonFlag)}`;
  const mod = lastValue(flags, "mod");
  const rw = lastValue(flags, "modcacherw");
  // -mod is not a flag of `go mod download` (go build, list, get... reject a bad one); -modcacherw is.
  if (!error && rw !== undefined && !BOOL_VALUES.has(rw)) error = `invalid boolean value ${JSON.stringify(rw)} for flag -modcacherw`;
  return {
    modVendor: mod === "vendor",
    modReadonly: mod === "readonly",
    modcacherw: rw !== undefined && ["1", "t", "T", "true", "TRUE", "True"].includes(rw),
    flags,
    ...(mod !== undefined ? { mod } : {}),
    ...(error ? { error } : {}),
  };
}
