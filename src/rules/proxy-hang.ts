// A proxy that hangs on some modules while it serves the others: go waits on
// one module's file for ever, yet the same host and port answered this run's
// other requests. The path to the proxy works; the proxy is stuck on those
// modules (its own fetch from the origin, a lock, a fault inside it). Read as
// "the proxy does not answer", it would send the user to the firewall.
import type { Finding } from "../report/schema.js";
import { mirrorFix, plural } from "./fixes.js";
import { STILL_WAITING, answeredOthers, uniqueModules, type Observation } from "./observe.js";
import { decodeRequestUrl } from "../trace/url.js";
import { requestName, retryCommand } from "./request-name.js";
import { proxyUrls } from "./settings-view.js";
import type { Evidence } from "./types.js";

type HangParts = Pick<Finding, "title" | "why" | "evidence" | "modules" | "fixes" | "confidence">;

/**
 * The finding's parts when every silent observation of `host` is a request go
 * was still waiting on (or a probe that connected and then got no answer) and
 * the same endpoint answered other modules; else undefined.
 */
export function proxyHangsOnModules(e: Evidence, host: string, silent: Observation[]): HangParts | undefined {
  const waiting = silent.filter((o) => o.source === "trace" && o.text.endsWith(STILL_WAITING));
  // A probe that could not even connect says the path is down now: not a hang of the proxy on some modules.
  const connected = silent.every((o) => o.source === "trace" ? o.text.endsWith(STILL_WAITING) : o.endpoint?.failedStep === "http" || o.endpoint?.failedStep === "zip");
  const held = uniqueModules(waiting);
  if (waiting.length === 0 || !connected || held.length === 0) return undefined;
  const served = answeredOthers(e, waiting[0]!.url, held);
  if (served.length === 0) return undefined;
  const first = requestName(waiting[0]!.url, proxyUrls(e));
  // A saved log that ends while go waited: it shows no answer up to its end, not for how long.
  const cut = (e.trace?.stall?.suspects ?? []).some((s) => s.logEnd && s.url === waiting[0]!.url);
  const more = held.length > 1 ? ` and ${plural(held.length - 1, "other module")}` : "";
  const named = served.slice(0, 3).join(", ") + (served.length > 3 ? `, and ${served.length - 3} more` : "");
  const mirror = mirrorFix(e, "Or use a mirror that answered");
  const module = held[0]!;
  const version = decodeRequestUrl(waiting[0]!.url).version;
  return {
    confidence: cut ? 0.6 : 0.85,
    title: `The module proxy ${host} hangs on ${first}${more}`,
    why:
      `${host} answered this run's requests for ${plural(served.length, "other module")} (${named}), so it is reachable and serving; ` +
      `its answer for ${first} ${cut ? "had not come when the log ends" : "never came"}. The proxy is stuck on ${held.length > 1 ? "these modules" : "that module"} (its own fetch from the origin, a lock or a fault inside it), ` +
      "not the network or a firewall, and the go command waits on it without a deadline.",
    evidence: [...new Set([...silent.map((o) => o.text), `${host} answered in this run: ${named}`])].slice(0, 5),
    modules: held,
    fixes: [
      {
        summary: `See whether ${host} answers that file now (tell its operators which module it hangs on), then retry`,
        commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${waiting[0]!.url}`, retryCommand(waiting, proxyUrls(e))],
      },
      mirror ?? {
        summary: `Meanwhile fetch ${module} straight from its origin for this run`,
        commands: [`GOPROXY=direct go mod download ${version ? `${module}@${version}` : module}`],
        caution: "A one-off setting for this command; go env stays as it is. direct needs git and access to the repository host.",
      },
    ],
  };
}
