// DNS step: every A and AAAA address of a host via the system resolver (what
// the go command's resolver sees on most systems), timed and bounded.
import { lookup as systemLookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { DnsFacts } from "../types.js";
import { classifyError } from "./errors.js";
import { elapsed, raceSignal, withDeadline } from "./deadline.js";

export type LookupAll = (host: string) => Promise<{ address: string; family: number }[]>;

export interface DnsOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Injected resolver (tests); defaults to dns.lookup with all:true. */
  lookup?: LookupAll;
}

/**
 * getaddrinfo runs on libuv's thread pool (4 threads), shared with every fs
 * call. Against a silent DNS server each lookup holds a thread for many
 * seconds, even after we stop waiting, so lookups are capped at two at once
 * (the cache probe's fs calls keep the others) and a host already being
 * looked up is not looked up again.
 */
const MAX_LOOKUPS = 2;
let running = 0;
const waiting: (() => void)[] = [];
const inFlight = new Map<string, Promise<{ address: string; family: number }[]>>();

async function withLookupSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_LOOKUPS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const defaultLookup: LookupAll = (host) => {
  let pending = inFlight.get(host);
  if (!pending) {
    pending = withLookupSlot(() => systemLookup(host, { all: true, verbatim: true })).finally(() => inFlight.delete(host));
    inFlight.set(host, pending);
  }
  return pending;
};

/** `.invalid` never resolves (RFC 6761 section 6.4): no query is sent for it. */
export function isReservedInvalid(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === "invalid" || name.endsWith(".invalid");
}

/** Brackets off an IPv6 literal as it appears in a URL host. */
export function bareHost(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

export async function resolveHost(hostInput: string, options: DnsOptions = {}): Promise<DnsFacts> {
  const host = bareHost(hostInput);
  const start = performance.now();
  if (isIP(host) !== 0) return { ok: true, ms: 0, host, addresses: [host] };
  if (isReservedInvalid(host)) {
    return { ok: false, ms: 0, host, addresses: [], code: "ENOTFOUND", message: `getaddrinfo ENOTFOUND ${host} (reserved .invalid name, not queried)` };
  }
  const signal = withDeadline(options.signal, options.timeoutMs);
  try {
    const found = await raceSignal((options.lookup ?? defaultLookup)(host), signal);
    const addresses = [...new Set(found.map((a) => a.address))];
    if (addresses.length === 0) {
      return { ok: false, ms: elapsed(start), host, addresses, code: "ENOTFOUND", message: `no addresses for ${host}` };
    }
    return { ok: true, ms: elapsed(start), host, addresses };
  } catch (error) {
    const { code, message } = classifyError(error);
    return { ok: false, ms: elapsed(start), host, addresses: [], code, message };
  }
}
