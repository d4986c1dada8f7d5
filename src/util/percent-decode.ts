// Percent-decoding that never throws: a malformed escape (`%zz`, a lone `%`)
// leaves the text as it is, as go's own lenient readers of URLs and paths do.

export function percentDecode(s: string): string {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
