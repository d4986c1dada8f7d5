// Public GOPROXY mirrors, measured only on request (--mirrors): how fast each
// answers a small protocol request, so the user can pick a working one.
import { redactUrl } from "../util/redact.js";
import type { Probe, ProbeTask } from "./types.js";
import { probeBudgetMs } from "./net/deadline.js";
import { trustStore } from "./net/cas.js";
import { probeEndpoint } from "./net/endpoint.js";
import { endpointOutcome, taskId } from "./outcome.js";
import { proxyForUrl } from "../context/httpproxy.js";

import { DEFAULT_MIRRORS } from "./mirror-list.js";

export { DEFAULT_MIRRORS };

/** A small, always-present list: what a mirror answers for it says it serves modules. */
export const MIRROR_SAMPLE_PATH = "golang.org/x/text/@v/list";

export function mirrorRequestUrl(base: string): string {
  return `${base.replace(/\/+$/, "")}/${MIRROR_SAMPLE_PATH}`;
}

export const mirrorsProbe: Probe = {
  id: "mirror",
  title: "Public module mirrors",
  plan(ctx, _trigger, options): ProbeTask[] {
    if (!options.mirrors) return [];
    const urls = options.mirrorUrls.length > 0 ? options.mirrorUrls : DEFAULT_MIRRORS;
    return urls.map((url) => ({
      id: taskId("mirror", redactUrl(url)),
      probe: "mirror",
      title: `Mirror ${redactUrl(url)}`,
      target: redactUrl(url),
      async run(signal) {
        const trust = await trustStore(ctx.process);
        const proxy = proxyForUrl(url, ctx.process);
        const facts = await probeEndpoint(url, {
          signal,
          timeoutMs: probeBudgetMs(options.timeoutMs),
          trust,
          requestUrl: mirrorRequestUrl(url),
          answer: { kind: "list" },
          ...(proxy ? { proxy } : {}),
        });
        return { ...endpointOutcome(facts), facts: { ...facts } };
      },
    }));
  },
};
