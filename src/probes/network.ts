// DNS only (no connection) for a few well-known names and the GOPROXY hosts:
// all failing means "offline or no DNS"; one failing means "that host".
import { parseGoproxy } from "../context/goproxy.js";
import type { NetworkFacts, Probe, ProbeTask } from "./types.js";
import { probeBudgetMs } from "./net/deadline.js";
import { bareHost, resolveHost } from "./net/dns.js";

export const WELL_KNOWN_NAMES = ["proxy.golang.org", "sum.golang.org", "github.com"];

/** Hosts of the GOPROXY URL entries (a file:// entry has none). */
export function goproxyHosts(goproxy: string): string[] {
  const hosts: string[] = [];
  for (const entry of parseGoproxy(goproxy).entries) {
    if (entry.kind !== "url" || !entry.url || entry.url.startsWith("file:")) continue;
    try {
      hosts.push(bareHost(new URL(entry.url).hostname));
    } catch {
      // An unparsable entry is goproxy's to report.
    }
  }
  return hosts;
}

export const networkProbe: Probe = {
  id: "network",
  title: "Name resolution",
  plan(ctx, _trigger, options): ProbeTask[] {
    const names = [...new Set([...(options.networkNames ?? WELL_KNOWN_NAMES), ...goproxyHosts(ctx.env.GOPROXY)])];
    return [
      {
        id: "network",
        probe: "network",
        title: "Name resolution",
        target: names.join(", "),
        async run(signal) {
          const timeoutMs = probeBudgetMs(options.timeoutMs);
          const results = await Promise.all(names.map((host) => resolveHost(host, { signal, timeoutMs })));
          const facts: NetworkFacts = {
            names: results.map((r) => ({ host: r.host, ok: r.ok, ms: r.ms, ...(r.code ? { code: r.code } : {}) })),
          };
          const failed = results.filter((r) => !r.ok);
          const status = failed.length === 0 ? "ok" : failed.length === results.length ? "fail" : "warn";
          const first = failed[0];
          return {
            status,
            facts: { ...facts },
            ...(first ? { error: { code: first.code ?? "ENOTFOUND", message: `${failed.length}/${results.length} names did not resolve: ${failed.map((f) => f.host).join(", ")}` } } : {}),
          };
        },
      },
    ];
  },
};
