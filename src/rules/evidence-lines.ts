// Evidence for a failure many modules share: the first lines as they are, then
// one line for the rest, so a report on 40 modules does not say the same thing 40 times.

/** `M@V` a per-module line names (`go: M@V: mkdir ...`, `M@V: headers arrived ...`), else undefined. */
function moduleIn(line: string): string | undefined {
  return /(?:^|\s)([^\s:@"]+@v[^\s:@"]+):/.exec(line)?.[1];
}

/**
 * The first `keep` lines, then `… and N more like it (a@v1, b@v2, c@v3, …)` for the rest, named by the
 * module each line names (its own words otherwise hide which modules they were). All lines when there are at most keep + 1.
 */
export function firstAndMore(lines: readonly string[], keep = 2, names = 3): string[] {
  const unique = [...new Set(lines)];
  if (unique.length <= keep + 1) return unique;
  const rest = unique.slice(keep);
  const named = [...new Set(rest.map(moduleIn).filter((m): m is string => m !== undefined))];
  const list = named.length > 0 ? ` (${named.slice(0, names).join(", ")}${named.length > names ? ", …" : ""})` : "";
  return [...unique.slice(0, keep), `… and ${rest.length} more like it${list}`];
}
