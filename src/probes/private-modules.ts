// How the go command routes each required module (GOPRIVATE, GONOPROXY,
// GONOSUMDB, GOINSECURE), which ones look private, and which of those no
// pattern covers yet, with the GOPRIVATE value that would.
import type { Context } from "../context/types.js";
import { routeModule, suggestGoprivate } from "../context/routes.js";
import type { ModuleRoute, PrivateModulesFacts, Probe, ProbeTask, Trigger } from "./types.js";
import { privateEvidence, requiredModules } from "./evidence.js";
import { probeBudgetMs } from "./net/deadline.js";
import { resolveHost, type LookupAll } from "./net/dns.js";
import { isPublicHost, moduleHost } from "./well-known.js";

export function routeAll(ctx: Context, trigger: Trigger): ModuleRoute[] {
  return requiredModules(ctx).map((m) => {
    const r = routeModule(ctx.env, m.path);
    const route: ModuleRoute = {
      path: m.path,
      version: m.version,
      route: m.local ? "local" : r.route,
      noProxy: r.noProxy,
      noSumdb: r.noSumdb,
      insecure: r.insecure,
    };
    const evidence = m.local ? undefined : privateEvidence(trigger.trace, m.path);
    if (evidence) route.looksPrivate = evidence;
    return route;
  });
}

/** Marks modules on unfamiliar hosts that do not resolve in (public) DNS as private-looking. */
async function markUnresolvable(routes: ModuleRoute[], signal: AbortSignal, timeoutMs: number, lookup?: LookupAll): Promise<void> {
  const hosts = new Set(
    routes
      .filter((r) => r.route !== "local" && !r.looksPrivate)
      .map((r) => moduleHost(r.path))
      .filter((h) => h.includes(".") && !isPublicHost(h)),
  );
  const answers = new Map(
    await Promise.all(
      [...hosts].map(async (host) => [host, await resolveHost(host, { signal, timeoutMs, ...(lookup ? { lookup } : {}) })] as const),
    ),
  );
  for (const r of routes) {
    const dns = answers.get(moduleHost(r.path));
    // Only a definite "no such name" counts; a timeout says nothing about the name.
    if (dns && !dns.ok && (dns.code === "ENOTFOUND" || dns.code === "ENODATA")) {
      r.looksPrivate = `host ${dns.host} does not resolve (${dns.code}): not a public module host`;
    }
  }
}

export async function inspectPrivateModules(ctx: Context, trigger: Trigger, signal: AbortSignal, timeoutMs: number, lookup?: LookupAll): Promise<PrivateModulesFacts> {
  const routes = routeAll(ctx, trigger);
  await markUnresolvable(routes, signal, timeoutMs, lookup);
  const uncovered = routes.filter((r) => r.looksPrivate && r.route !== "local" && !r.noProxy).map((r) => r.path);
  const facts: PrivateModulesFacts = { routes, uncovered };
  if (uncovered.length > 0) facts.suggestedGoprivate = suggestGoprivate(ctx.env.GOPRIVATE, uncovered);
  return facts;
}

export const privateModulesProbe: Probe = {
  id: "private-modules",
  title: "Private module routing",
  plan(ctx, trigger, options): ProbeTask[] {
    if (ctx.mod.require.length === 0) return [];
    return [
      {
        id: "private-modules",
        probe: "private-modules",
        title: "Private module routing",
        target: ctx.mod.module || ctx.dir,
        async run(signal) {
          const facts = await inspectPrivateModules(ctx, trigger, signal, probeBudgetMs(options.timeoutMs));
          if (facts.uncovered.length === 0) return { status: "ok", facts: { ...facts } };
          return {
            status: "warn",
            facts: { ...facts },
            error: { code: "PRIVATE_UNCOVERED", message: `${facts.uncovered.length} private-looking module(s) not in GOPRIVATE/GONOPROXY: ${facts.uncovered.join(", ")}` },
          };
        },
      },
    ];
  },
};
