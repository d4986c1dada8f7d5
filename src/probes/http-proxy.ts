// Each HTTP(S)_PROXY / ALL_PROXY the user set: can we reach the proxy (DNS,
// TCP), does it accept a CONNECT to the first endpoint it would carry, and
// which of our endpoints the go command would send through it.
import type { Context, ProcessSettings } from "../context/types.js";
import { parseGosumdb } from "../context/sumdb.js";
import { proxyForUrl } from "../context/httpproxy.js";
import { redactUrl } from "../util/redact.js";
import type { HttpProxyFacts, Probe, ProbeResult, ProbeTask } from "./types.js";
import { proxyUrls } from "./goproxy.js";
import { directHosts } from "./vcs.js";
import { trustStore } from "./net/cas.js";
import { proxyConnect } from "./net/connect.js";
import { budget as makeBudget, probeBudgetMs } from "./net/deadline.js";
import { resolveHost } from "./net/dns.js";
import { endpointPort } from "./net/endpoint.js";
import { connectAny } from "./net/tcp.js";
import { stepError, taskId } from "./outcome.js";

export const PROXY_VARIABLES = ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"] as const;

/** Every endpoint the go command may contact: GOPROXY URLs, the checksum database, direct hosts. */
export function endpointUrls(ctx: Context): string[] {
  const urls = [...proxyUrls(ctx)];
  const db = parseGosumdb(ctx.env.GOSUMDB);
  if (!db.off && !db.error && db.url) urls.push(db.url);
  for (const host of directHosts(ctx).keys()) urls.push(`https://${host}/`);
  return [...new Set(urls)];
}

/** Proxy URLs may be written without a scheme (`proxy:3128`), as Go accepts them. */
export function proxyUrl(value: string): URL | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    return undefined;
  }
}

function sameProxy(a: string, b: string): boolean {
  return proxyUrl(a)?.href === proxyUrl(b)?.href;
}

export async function inspectProxy(ctx: Context, variable: (typeof PROXY_VARIABLES)[number], signal: AbortSignal, timeoutMs: number): Promise<HttpProxyFacts> {
  const value = ctx.process[variable]!;
  const settings: ProcessSettings = ctx.process;
  const routes = endpointUrls(ctx).map((endpoint) => {
    const via = proxyForUrl(endpoint, settings);
    return { endpoint: redactUrl(endpoint), raw: endpoint, proxied: via !== undefined && (via.variable === variable || sameProxy(via.proxy, value)) };
  });
  const facts: HttpProxyFacts = {
    variable,
    url: redactUrl(value),
    noProxy: settings.NO_PROXY ?? "",
    ...(ctx.noProxySpellings ? { noProxySpellings: ctx.noProxySpellings } : {}),
    routes: routes.map(({ endpoint, proxied }) => ({ endpoint, proxied })),
  };
  const url = proxyUrl(value);
  if (!url) return facts;
  const budget = makeBudget(timeoutMs);
  facts.dns = await resolveHost(url.hostname, { signal, timeoutMs: budget.remaining() });
  if (!facts.dns.ok) return facts;
  facts.tcp = await connectAny(facts.dns.addresses, endpointPort(url), { signal, timeoutMs: budget.remaining() });
  if (!facts.tcp.ok) return facts;
  const first = routes.find((r) => r.proxied && r.raw.startsWith("https:"));
  if (first) {
    const target = new URL(first.raw);
    const trust = await trustStore(ctx.process);
    facts.connect = await proxyConnect(url.href, `${target.hostname}:${endpointPort(target)}`, { signal, timeoutMs: budget.remaining(), ca: trust.combined, tlsThrough: true });
  }
  return facts;
}

export const httpProxyProbe: Probe = {
  id: "http-proxy",
  title: "HTTP proxy",
  plan(ctx, _trigger, options): ProbeTask[] {
    return PROXY_VARIABLES.filter((v) => ctx.process[v]).map((variable) => ({
      id: taskId("http-proxy", variable),
      probe: "http-proxy",
      title: `${variable} ${redactUrl(ctx.process[variable]!)}`,
      target: redactUrl(ctx.process[variable]!),
      async run(signal): Promise<Pick<ProbeResult, "status" | "facts" | "error">> {
        const facts = await inspectProxy(ctx, variable, signal, probeBudgetMs(options.timeoutMs));
        if (!proxyUrl(ctx.process[variable]!)) {
          return { status: "fail", facts: { ...facts }, error: { code: "BAD_URL", message: `${variable} does not parse as a URL` } };
        }
        const error = stepError(facts.dns, "DNS") ?? stepError(facts.tcp, "TCP") ?? stepError(facts.connect, "CONNECT");
        return { status: error ? "fail" : "ok", facts: { ...facts }, ...(error ? { error } : {}) };
      },
    }));
  },
};
