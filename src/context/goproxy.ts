// GOPROXY as the go command reads it (modfetch/proxy.go proxyList): entries
// split on `,` (fall through to the next only on 404/410) and `|` (on any
// error); "direct" and "off" end the list; a bare host gets https://.

export interface ProxyEntry {
  raw: string;
  kind: "url" | "direct" | "off";
  url?: string;
  /** What the separator after this entry means: `,` -> "notfound", `|` -> "any". */
  fallThrough: "notfound" | "any";
}

export const DEFAULT_GOPROXY = "https://proxy.golang.org,direct";

export function parseGoproxy(value: string): { entries: ProxyEntry[]; error?: string } {
  let rest = value.trim() === "" ? DEFAULT_GOPROXY : value;
  const entries: ProxyEntry[] = [];
  while (rest !== "") {
    let raw: string;
    let fallThrough: ProxyEntry["fallThrough"] = "notfound";
    const i = rest.search(/[,|]/);
    if (i >= 0) {
      raw = rest.slice(0, i);
      fallThrough = rest[i] === "|" ? "any" : "notfound";
      rest = rest.slice(i + 1);
    } else {
      raw = rest;
      rest = "";
    }
    const token = raw.trim();
    if (token === "") continue;
    if (token === "off" || token === "direct") {
      entries.push({ raw: token, kind: token, fallThrough });
      break; // go ignores anything after them
    }
    let url = token;
    if (/[.:/]/.test(url) && !url.includes(":/") && !url.startsWith("/")) url = `https://${url}`;
    const error = checkProxyUrl(url);
    if (error) return { entries, error };
    entries.push({ raw: token, kind: "url", url: url.replace(/\/+$/, ""), fallThrough });
  }
  if (entries.length === 0) return { entries, error: "GOPROXY list is not the empty string, but contains no entries" };
  return { entries };
}

/** newProxyRepo's checks: a URL with scheme http, https or file. */
function checkProxyUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return /^[a-z][a-z0-9+.-]*:/i.test(url) ? `invalid proxy URL: ${url}` : `invalid proxy URL missing scheme: ${url}`;
  }
  const scheme = parsed.protocol.replace(/:$/, "");
  if (!["http", "https", "file"].includes(scheme)) return `invalid proxy URL scheme (must be https, http, file): ${url}`;
  return undefined;
}

/** The URL entries, in order: what the probes check. */
export function proxyUrls(value: string): string[] {
  return parseGoproxy(value).entries.flatMap((e) => (e.kind === "url" && e.url ? [e.url] : []));
}
