// The probes, in the order their results are shown: the network as a whole
// first, then each link the go command uses, then the local cache, then the
// optional mirror survey. Adding a probe means adding a file and a line here.
import type { Context } from "../context/types.js";
import type { Probe, ProbeOptions, ProbeTask, Trigger } from "./types.js";
import { fileProxyProbe } from "./file-proxy.js";
import { goproxyProbe } from "./goproxy.js";
import { httpProxyProbe } from "./http-proxy.js";
import { mirrorsProbe } from "./mirrors.js";
import { modcacheProbe } from "./modcache.js";
import { networkProbe } from "./network.js";
import { privateModulesProbe } from "./private-modules.js";
import { sumdbProbe } from "./sumdb.js";
import { vcsProbe } from "./vcs.js";

export const PROBES: readonly Probe[] = [
  networkProbe,
  goproxyProbe,
  fileProxyProbe,
  httpProxyProbe,
  sumdbProbe,
  privateModulesProbe,
  vcsProbe,
  modcacheProbe,
  mirrorsProbe,
];

/** Every probe's tasks for this run, ids made unique (a repeated target gets `#2`). */
export function planProbes(ctx: Context, trigger: Trigger, options: ProbeOptions, probes: readonly Probe[] = PROBES): ProbeTask[] {
  const seen = new Map<string, number>();
  const tasks: ProbeTask[] = [];
  for (const probe of probes) {
    for (const task of probe.plan(ctx, trigger, options)) {
      const count = (seen.get(task.id) ?? 0) + 1;
      seen.set(task.id, count);
      tasks.push(count === 1 ? task : { ...task, id: `${task.id}#${count}` });
    }
  }
  return tasks;
}
