// GOSUMDB as the go command reads it: golang/go modfetch/sumdb.go dbDial and
// golang.org/x/mod/sumdb/note.NewVerifier (same in go1.19..go1.23).
// - "off" (exactly) disables the database; empty means the default;
// - "sum.golang.google.cn" is an alias for "sum.golang.org https://sum.golang.google.cn";
// - otherwise "KEY" or "KEY URL", where KEY is a known name (sum.golang.org)
//   or a verifier key NAME+HASH+BASE64 whose hash must match;
// - without URL, go asks each GOPROXY entry for /sumdb/NAME/supported
//   (200: use that proxy only; 404/410, or any error after a `|`: try the
//   next; "direct"/"off"/the end: https://NAME itself; any other failure:
//   the database is unavailable). An explicit URL bypasses the proxies.
import { createHash } from "node:crypto";
import { parseGoUrl } from "./go-url.js";
import { redactText } from "../util/redact.js";

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
  /** go's error text for this value (go fails every checksum lookup with it). */
  error?: string;
}

/** Only the empty string means the default (go1.19 built in, go1.21+ $GOROOT/go.env). */
export function parseGosumdb(value: string): Gosumdb {
  let v = value === "" ? "sum.golang.org" : value;
  if (v === "sum.golang.google.cn") v = "sum.golang.org https://sum.golang.google.cn";
  if (v === "off") return { off: true, name: "off", url: "", explicitUrl: false };
  const fields = v.split(/\s+/).filter(Boolean);
  const failed = (name: string, error: string): Gosumdb => ({ off: false, name, url: "", explicitUrl: false, error: redactText(error) });
  if (fields.length === 0) return failed("", "missing GOSUMDB");
  if (fields.length > 2) return failed(fields[0]!, "invalid GOSUMDB: too many fields");
  const key = KNOWN[fields[0]!] ?? fields[0]!;
  const verifier = verifierName(key);
  if ("error" in verifier) return failed(key.split("+")[0] ?? key, `invalid GOSUMDB: ${verifier.error}`);
  const name = verifier.name;
  const direct = parseGoUrl(`https://${name}`);
  const d = direct.url;
  if (!d || name.endsWith("/") || d.opaque || d.hasUser || d.rawQuery || d.forceQuery || d.fragment || d.omitHost || d.host === "") {
    return failed(name, `invalid sumdb name (must be host[/path]): ${name}`);
  }
  const explicit = fields[1];
  if (explicit === undefined) return { off: false, name, key, url: `https://${name}`, explicitUrl: false };
  const parsed = parseGoUrl(explicit);
  if (parsed.error !== undefined) return { ...failed(name, `invalid GOSUMDB URL: ${parsed.error}`), key, explicitUrl: true };
  return { off: false, name, key, url: explicit.replace(/\/+$/, ""), explicitUrl: true };
}

/** note.NewVerifier's checks: NAME+HASH+KEY with an Ed25519 key whose hash matches. */
export function verifierName(vkey: string): { name: string } | { error: string } {
  const [name, rest] = chop(vkey);
  const [hash16, key64] = chop(rest);
  const key = decodeBase64Std(key64);
  if (hash16.length !== 8 || !/^[0-9a-fA-F]{8}$/.test(hash16) || !key || key.length === 0 || !validName(name)) {
    return { error: "malformed verifier id" };
  }
  const digest = createHash("sha256").update(`${name}\n`).update(key).digest();
  if (digest.readUInt32BE(0) !== parseInt(hash16, 16)) return { error: "invalid verifier hash" };
  if (key[0] !== 1) return { error: "unknown verifier algorithm" };
  if (key.length !== 33) return { error: "malformed verifier id" };
  return { name };
}

function chop(s: string): [string, string] {
  const i = s.indexOf("+");
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}

function validName(name: string): boolean {
  return name !== "" && !/\s/u.test(name) && !name.includes("+");
}

/** base64.StdEncoding: padded, no whitespace, strict. */
function decodeBase64Std(s: string): Buffer | undefined {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  const buf = Buffer.from(s, "base64");
  return buf.toString("base64") === s ? buf : undefined;
}

/** A well-formed verifier key NAME+HASH+KEY for a 32-byte Ed25519 public key (tests, fixtures). */
export function verifierKey(name: string, publicKey: Uint8Array): string {
  const key = Buffer.concat([Buffer.from([1]), Buffer.from(publicKey)]);
  const hash = createHash("sha256").update(`${name}\n`).update(key).digest().readUInt32BE(0);
  return `${name}+${hash.toString(16).padStart(8, "0")}+${key.toString("base64")}`;
}

/**
 * A checksum-database URL that reads the log's tree (`/tile/H/L/...`,
 * `/latest`), not a module's record (`/lookup/MOD@VER`): a not-found there
 * says the database (or whatever serves its path) lacks part of its log,
 * nothing about the module being checked.
 */
export const SUMDB_TREE_URL = /\/tile\/\d+\/(?:\d+|data)\/[x0-9/]*\d(?:\.p\/\d+)?(?=$|[\s:"'])|\/latest(?=$|[\s:"'])/;
