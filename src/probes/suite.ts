// The probe suite behind one lazy boundary: the probes (and undici) load only
// when a run needs them, so a healthy download and start-up stay light.
import type { Context } from "../context/types.js";
import type { ProbeResult } from "../report/schema.js";
import type { ProbeOptions, Trigger } from "./types.js";

export async function probeAll(
  ctx: Context,
  trigger: Trigger,
  options: ProbeOptions,
  run: { timeoutMs: number; signal?: AbortSignal; onResult?: (result: ProbeResult) => void },
): Promise<ProbeResult[]> {
  const [{ planProbes }, { runProbes }] = await Promise.all([import("./registry.js"), import("./runner.js")]);
  return runProbes(planProbes(ctx, trigger, options), run);
}
