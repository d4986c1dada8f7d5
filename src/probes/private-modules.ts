// How the go command routes each required module (GOPRIVATE, GONOPROXY,
// GONOSUMDB, GOINSECURE), which ones look private, and which of those no
// pattern covers yet, with the GOPRIVATE value that would.
import type { Context } from "../context/types.js";
import { routeModule, suggestGoprivate } from "../context/routes.js";
import type { ModuleRoute, PrivateModulesFacts, Probe, ProbeTask, Trigger } from "./types.js";
import { privateEvidence, requiredModules } from "./evidence.js";

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

/**
 * Private-looking means a proxy or the VCS said so in this run (404/410 "not
 * found", "unrecognized import path"). A DNS look-up of module hosts would say
 * little (internal names resolve inside the company, nothing resolves on an
 * offline machine) and would send every module's host name to the resolver.
 */
export async function inspectPrivateModules(ctx: Context, trigger: Trigger): Promise<PrivateModulesFacts> {
  const routes = routeAll(ctx, trigger);
  const uncovered = routes.filter((r) => r.looksPrivate && r.route !== "local" && !r.noProxy).map((r) => r.path);
  const facts: PrivateModulesFacts = { routes, uncovered };
  if (uncovered.length > 0) facts.suggestedGoprivate = suggestGoprivate(ctx.env.GOPRIVATE, uncovered);
  return facts;
}

export const privateModulesProbe: Probe = {
  id: "private-modules",
  title: "Private module routing",
  plan(ctx, trigger): ProbeTask[] {
    if (ctx.mod.require.length === 0) return [];
    return [
      {
        id: "private-modules",
        probe: "private-modules",
        title: "Private module routing",
        target: ctx.mod.module || ctx.dir,
        async run() {
          const facts = await inspectPrivateModules(ctx, trigger);
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
