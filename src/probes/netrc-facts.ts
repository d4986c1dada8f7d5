// What ~/.netrc (or $NETRC) holds for a host, as the probes report it: whether
// there is an entry and a password, never the password. The vcs probe reads it
// for git over https, the goproxy probe for an https GOPROXY entry (go sends
// .netrc credentials over https only).
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { netrcPath, parseNetrc } from "../context/netrc.js";
import type { Context } from "../context/types.js";
import type { NetrcFacts } from "./types.js";

export interface NetrcEntry {
  machine: string;
  login?: string;
  hasPassword: boolean;
}

/** .netrc machines name hosts without a port (the go command matches URL.Hostname()). */
export function netrcFacts(file: string | undefined, entries: NetrcEntry[] | undefined, host: string): NetrcFacts {
  const name = host.replace(/:\d+$/, "").toLowerCase();
  const entry = entries?.find((e) => e.machine.toLowerCase() === name);
  return { ...(file ? { file } : {}), hasHost: entry !== undefined, hasPassword: entry?.hasPassword ?? false };
}

/** What ~/.netrc (or $NETRC) holds for `host`: presence and whether a password is set, never the password. */
export async function readNetrc(ctx: Context, host: string): Promise<NetrcFacts> {
  const file = netrcPath({ ...ctx.process }, ctx.process.HOME ?? homedir());
  if (!file) return netrcFacts(undefined, undefined, host);
  try {
    return netrcFacts(file, parseNetrc(await readFile(file, "utf8")), host);
  } catch {
    return netrcFacts(undefined, undefined, host);
  }
}
