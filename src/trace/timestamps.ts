// Saved CI logs often prefix each line with a time. When they do, analyze
// uses it; when they do not, it says what it cannot tell. Recognised:
// GitHub Actions (`2024-01-02T03:04:05.1234567Z `), GitLab (the same plus a
// stream tag, `... 00O `), Jenkins timestamper (`[2024-01-02T03:04:05.123Z] `),
// Go's log package (`2024/01/02 03:04:05 `), Docker BuildKit (`#11 62.37 `,
// seconds into the build step, and `62.37 ` alone in its summary of a failed
// step), openSUSE Build Service (`[   34s] `, seconds into the build) and clock times (`[12:34:56] `,
// which give milliseconds since midnight: differences still hold within a day).

const ISO = /^\uFEFF?\[?(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?\]? (?:\d{2}[OE]\+? )?/;
const GO_LOG = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))? /;
/** Docker BuildKit plain progress: `#11 62.37 ` (step number, seconds since the step started). */
const BUILDKIT = /^#\d+ (\d+\.\d+) /;
/** BuildKit's summary of a failed step (`> [stage 6/9] RUN ...:` then `30.20 go: ...`): seconds, no step number. */
const BUILDKIT_SUMMARY = /^(\d{1,6}\.\d{2,3}) /;
/** openSUSE Build Service (OBS) build logs: `[   34s] `, seconds since the build started. */
const OBS = /^\[ *(\d+)s\] /;
const CLOCK = /^(?:\[(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\]|(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?) /;

/** Milliseconds in a fraction of a second given by its digits (`1234567` -> 123). */
function fraction(digits: string | undefined): number {
  return digits ? Number(digits.slice(0, 3).padEnd(3, "0")) : 0;
}

/**
 * Whether the line can start with a timestamp parseLogTimestamp knows: every
 * format starts with a digit, `[`, `#` and a digit, or a BOM. Most lines of a
 * log do not, and are passed over without a regex.
 */
export function mayStartWithTimestamp(line: string): boolean {
  const first = line.charCodeAt(0);
  if ((first >= 48 && first <= 57) || first === 0x5b || first === 0xfeff) return true;
  if (first !== 0x23) return false;
  const second = line.charCodeAt(1);
  return second >= 48 && second <= 57;
}

export function parseLogTimestamp(line: string): { t?: number; rest: string } {
  if (!mayStartWithTimestamp(line)) return { rest: line };
  let m = ISO.exec(line);
  if (m) {
    const zone = m[6] ?? "Z";
    const offset = zone === "Z" ? "Z" : zone.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
    const t = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}${offset}`);
    if (!Number.isNaN(t)) return { t: t + fraction(m[5]), rest: line.slice(m[0].length) };
  }
  m = GO_LOG.exec(line);
  if (m) {
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    if (!Number.isNaN(t)) return { t: t + fraction(m[7]), rest: line.slice(m[0].length) };
  }
  m = BUILDKIT.exec(line);
  if (m) return { t: Math.round(Number(m[1]) * 1000), rest: line.slice(m[0].length) };
  m = BUILDKIT_SUMMARY.exec(line);
  if (m) return { t: Math.round(Number(m[1]) * 1000), rest: line.slice(m[0].length) };
  m = OBS.exec(line);
  if (m) return { t: Number(m[1]) * 1000, rest: line.slice(m[0].length) };
  m = CLOCK.exec(line);
  if (m) {
    const h = Number(m[1] ?? m[5]);
    const min = Number(m[2] ?? m[6]);
    const s = Number(m[3] ?? m[7]);
    if (h < 24 && min < 60 && s < 61) return { t: ((h * 60 + min) * 60 + s) * 1000 + fraction(m[4] ?? m[8]), rest: line.slice(m[0].length) };
  }
  return { rest: line };
}

/** The `#! key: value` header lines at the top of a fixture log, by key (in order). */
export function readLogHeader(text: string): Record<string, string[]> {
  const header: Record<string, string[]> = {};
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf("\n", at);
    const line = text.slice(at, nl < 0 ? text.length : nl).replace(/\r$/, "");
    at = nl < 0 ? text.length : nl + 1;
    if (line.trim() === "") continue;
    const m = /^#! ([\w-]+): ?(.*)$/.exec(line);
    if (!m) break; // the header ends at the first other line
    (header[m[1]!] ??= []).push(m[2]!.trim());
  }
  return header;
}
