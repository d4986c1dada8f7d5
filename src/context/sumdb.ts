// GOSUMDB as the go command reads it (modfetch/sumdb.go dbDial).

export const SUM_GOLANG_ORG_KEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
const KNOWN: Record<string, string> = { "sum.golang.org": SUM_GOLANG_ORG_KEY };

export interface Gosumdb {
  off: boolean;
  /** The database name (the key's name), e.g. sum.golang.org. */
  name: string;
  key?: string;
  /** Where it is reached when no proxy serves it: the explicit URL or https://NAME. */
  url: string;
  /** An explicit URL bypasses the proxies' /sumdb/NAME/supported. */
  explicitUrl: boolean;
  error?: string;
}

export function parseGosumdb(value: string): Gosumdb {
  let v = value.trim() === "" ? "sum.golang.org" : value.trim();
  if (v === "sum.golang.google.cn") v = "sum.golang.org https://sum.golang.google.cn";
  if (v === "off") return { off: true, name: "off", url: "", explicitUrl: false };
  const fields = v.split(/\s+/);
  const first = fields[0] ?? "";
  const key = KNOWN[first] ?? first;
  if (fields.length > 2) return { off: false, name: first, url: "", explicitUrl: false, error: "invalid GOSUMDB: too many fields" };
  // NAME+HASH+KEY, where the base64 KEY may itself contain "+".
  const m = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(key);
  const name = m?.[1] ?? key.split("+")[0] ?? "";
  if (!m) {
    return { off: false, name, url: "", explicitUrl: false, error: `invalid GOSUMDB: malformed verifier id (want NAME+HASH+KEY, got "${first}")` };
  }
  if (name.endsWith("/") || /[?#\s]/.test(name)) {
    return { off: false, name, url: "", explicitUrl: false, error: `invalid sumdb name (must be host[/path]): ${name}` };
  }
  const explicit = fields[1];
  if (explicit !== undefined) {
    try {
      new URL(explicit);
    } catch {
      return { off: false, name, key, url: explicit, explicitUrl: true, error: `invalid GOSUMDB URL: ${explicit}` };
    }
    return { off: false, name, key, url: explicit.replace(/\/+$/, ""), explicitUrl: true };
  }
  return { off: false, name, key, url: `https://${name}`, explicitUrl: false };
}
