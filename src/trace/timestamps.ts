// Saved CI logs often prefix each line with a time. When they do, analyze
// uses it; when they do not, it says what it cannot tell.

const ISO = /^\uFEFF?(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})? /;
const GO_LOG = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))? /;
const CLOCK = /^\[?(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\]? /;

function fraction(digits: string | undefined): number {
  return digits ? Number(`0.${digits}`) * 1000 : 0;
}

export function parseLogTimestamp(line: string): { t?: number; rest: string } {
  let m = ISO.exec(line);
  if (m) {
    const zone = m[6] ?? "Z";
    const iso = `${m[1]}T${m[2]}:${m[3]}:${m[4]}${zone === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")}`;
    const t = Date.parse(iso);
    if (!Number.isNaN(t)) return { t: t + fraction(m[5]), rest: line.slice(m[0].length) };
  }
  m = GO_LOG.exec(line);
  if (m) {
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    return { t: t + fraction(m[7]), rest: line.slice(m[0].length) };
  }
  m = CLOCK.exec(line);
  if (m && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 61) {
    const t = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + fraction(m[4]);
    return { t, rest: line.slice(m[0].length) };
  }
  return { rest: line };
}

/** `#! source: URL` header lines of a fixture log. */
export function readLogHeader(text: string): Record<string, string[]> {
  const header: Record<string, string[]> = {};
  for (const line of text.split("\n")) {
    const m = /^#! (\w+): (.*)$/.exec(line);
    if (!m) continue;
    (header[m[1]!] ??= []).push(m[2]!.trim());
  }
  return header;
}
