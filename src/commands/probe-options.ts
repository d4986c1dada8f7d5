// ProbeOptions from the command's options: mirrors and deadlines.
import type { CommonOptions } from "../options.js";
import type { ProbeOptions } from "../probes/types.js";
import { DEFAULT_MIRRORS } from "../probes/mirror-list.js";

export function probeOptionsFor(options: CommonOptions, defaults: { mirrors: boolean } = { mirrors: false }): ProbeOptions {
  return {
    timeoutMs: options.probeTimeoutMs,
    mirrors: options.mirrors || defaults.mirrors || (options.mirrorUrls?.length ?? 0) > 0,
    mirrorUrls: options.mirrorUrls && options.mirrorUrls.length > 0 ? options.mirrorUrls : DEFAULT_MIRRORS,
    now: Date.now,
    ...(referenceHosts() ? { networkNames: referenceHosts() } : {}),
  };
}

/**
 * Names that resolve whenever the network is up, to tell "offline" from "one
 * host blocked". Air-gapped networks (and the tests) set their own.
 */
function referenceHosts(): string[] | undefined {
  const value = process.env.GOMOD_DOCTOR_REFERENCE_HOSTS;
  if (!value) return undefined;
  const names = value.split(",").map((n) => n.trim()).filter(Boolean);
  return names.length > 0 ? names : undefined;
}
