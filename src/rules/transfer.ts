// GMD105: a zip whose body stopped part-way (headers arrived, bytes stopped).
// Told apart from a slow download (performance.ts): there the bytes keep coming.
import { firstAndMore } from "./evidence-lines.js";
import { TOOLCHAIN_MODULE } from "../trace/url.js";
import type { Finding } from "../report/schema.js";
import { formatBytes, formatMs } from "../util/format.js";
import { bytesRead, probeZipRead, probed, statusAnswer } from "./facts.js";
import { CONNECTION_CUT_CODES, PROBE_CODES } from "../probes/net/errors.js";
import { skipEntryFix } from "./proxy-detour-fixes.js";
import { failingSeverity, makeFinding, mirrorFix, shellQuote } from "./fixes.js";
import { hostOf } from "./net-text.js";
import { decodeRequestUrl } from "../trace/url.js";
import type { HttpFacts } from "../probes/types.js";
import { serverName, silentRedirect, zipAnswered, zipRedirect } from "./observe.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const ZIP_STALLED: CauseInfo = {
  code: "GMD105",
  name: "zip-stalled",
  title: "A module zip download stopped mid-body",
  explain:
    "The proxy answered `200 OK` for a module zip (the go command prints that when the headers arrive) and then the body stopped: the zip's " +
    "`.zip*.tmp` file in the module cache stopped growing. The go command has no read deadline, so it waits for ever. A proxy or middlebox " +
    "that buffers large responses, a broken connection that was never closed, or an overloaded mirror causes it. Told apart from a slow " +
    "download by the byte counter: a slow one still grows. gomod-doctor reads the same zip again on a new connection: when that read goes through, " +
    "the connection was at fault and ending the run and retrying usually works; when it stops too, the server stops this zip every time (a cut " +
    "copy in its storage, a middlebox that holds large bodies), a retry hangs the same way, and another GOPROXY entry or a mirror is the way past it.",
};

interface StalledZip {
  module?: string;
  version?: string;
  url?: string;
  bytes: number;
  idleMs: number;
  /** Only known to be where a saved log ends (see Suspect.logEnd). */
  logEnd?: boolean;
}

function stalledZips(e: Evidence): StalledZip[] {
  const out: StalledZip[] = [];
  for (const s of e.trace?.stall?.suspects ?? []) {
    if (s.kind !== "zip-body") continue;
    out.push({
      ...(s.module ? { module: s.module } : {}),
      ...(s.version ? { version: s.version } : {}),
      ...(s.url ? { url: s.url } : {}),
      bytes: s.bytes ?? 0,
      idleMs: s.idleMs,
      ...(s.logEnd ? { logEnd: true } : {}),
    });
  }
  if (out.length > 0) return out;
  for (const m of e.trace?.modules ?? []) {
    if (m.state !== "stalled" || m.bytes <= 0) continue;
    out.push({ module: m.path, version: m.version, bytes: m.bytes, idleMs: m.idleMs ?? 0 });
  }
  return out;
}

/** A stalled ranged read by the probe, as the trace would have shown it. */
function probedZip(zip: HttpFacts): StalledZip {
  const target = decodeRequestUrl(zip.url);
  return {
    ...(target.module ? { module: target.module } : {}),
    ...(target.version ? { version: target.version } : {}),
    url: zip.url,
    bytes: zip.bytes ?? 0,
    idleMs: zip.silentMs ?? 0,
  };
}

function probeStallLine(id: string, zip: HttpFacts | undefined): string {
  if (zip?.code !== "BODY_STALLED") return `probe ${id}: a ranged read of the zip got ${formatBytes(zip?.bytes ?? 0)} and then stalled`;
  const silent = zip.silentMs !== undefined ? `, then nothing for ${formatMs(zip.silentMs)}` : "";
  const bytes = zip.bytes ?? 0;
  const answer = zip.status !== undefined ? statusAnswer(zip) : "2xx";
  return bytes === 0
    ? `probe ${id}: ${zip.url} answered ${answer} and sent no body byte${silent}`
    : `probe ${id}: the proxy's zip body stops after ${bytesRead(zip)}${silent} (${zip.url}, answered ${answer})`;
}

/** `host[:port]` of a URL (the port tells two loopback servers apart). */
function hostPort(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

export const transferFamily: RuleFamily = {
  family: "transfer",
  causes: [ZIP_STALLED],
  evaluate(e) {
    const out: Finding[] = [];
    const zips = stalledZips(e);
    // A read redirected to a host that never answered got no headers from it: no body stalled (network.ts names that host).
    // Only a read that got 2xx headers has a body to stop: with no answer or an error status the probe's finding is the proxy's (network.ts).
    // A read the server closed or reset part-way was cut, not stalled: that is the proxy-reset finding's evidence.
    const probeStalls = probed(e, "goproxy").filter(
      (p) =>
        (p.facts.zip?.code === PROBE_CODES.bodyStalled || (p.facts.failedStep === "zip" && !CONNECTION_CUT_CODES.has(p.facts.zip?.code ?? ""))) &&
        silentRedirect(p.facts) === undefined &&
        zipAnswered(p.facts),
    );
    if (zips.length === 0 && probeStalls.length === 0) return out;
    // A log that merely ends after a zip's headers is also what a healthy run
    // prints last (go says nothing when a body completes): a suspicion, not a verdict.
    const onlyLogEnd = probeStalls.length === 0 && zips.every((z) => z.logEnd);
    const evidence = [
      ...firstAndMore(zips.map((z) =>
        z.logEnd
          ? `${z.module ?? "a zip"}${z.version ? `@${z.version}` : ""}: the log ends right after its headers arrived${z.url ? ` (${z.url})` : ""}`
          : `${z.module ?? "a zip"}${z.version ? `@${z.version}` : ""}: headers arrived, ${formatBytes(z.bytes)} received, then nothing for ${formatMs(z.idleMs)}` +
            (z.url ? ` (${z.url})` : ""),
      ), 3),
      ...probeStalls.map((p) => probeStallLine(p.result.id, p.facts.zip)),
    ];
    // The probe's own read names the zip when the trace did not (a pre-flight, a failed run).
    const probeZip = probeStalls.find((p) => p.facts.zip?.code === "BODY_STALLED" && p.facts.zip.url);
    const first = zips[0] ?? (probeZip ? probedZip(probeZip.facts.zip!) : undefined);
    // host:port: two servers on one machine (a proxy and its storage) are told apart by the port.
    const host = first?.url ? (hostPort(first.url) ?? hostOf(first.url)) : probeStalls[0]?.facts.host;
    // A toolchain is fetched by the switch any go command in the module makes (`go version` prints the one it switched to).
    const retry = first?.module === TOOLCHAIN_MODULE ? "go version" : first?.module && first.version ? `go mod download -x ${first.module}@${first.version}` : "go mod download -x";
    // A module server a go-import tag names (direct mode): named as such, and no public mirror serves its private modules.
    const servedBy = first?.url ? serverName(e, first.url) : undefined;
    const modServer = servedBy?.modServer ? servedBy : undefined;
    const server = modServer?.name;
    const mirror = modServer ? undefined : mirrorFix(e, "Fetch zips from a mirror that answered");
    const named = first?.module ? `${first.module}@${first.version ?? "?"}` : undefined;
    // go's trace names the proxy's URL even when the proxy redirects the zip: the probe's read of it shows where the body comes from.
    const redirectedTo = first?.url ? zipRedirect(e, first.url)?.to : undefined;
    const cdn = redirectedTo ? hostPort(redirectedTo) : undefined;
    const proxyHost = first?.url ? hostPort(first.url) : undefined;
    const sender = cdn && cdn !== proxyHost ? `The server at ${cdn} (where ${proxyHost} redirects the zip)` : undefined;
    if (redirectedTo && sender) evidence.push(`the zip is redirected to ${redirectedTo} (the probe's read of it)`);
    // The probe's read of the same zip, on a new connection, stopped too: the server stops it every time, a retry hangs the same way.
    const reread = first?.module && first.version && zips.length > 0 && !onlyLogEnd ? probeZipRead(e, first.module, first.version) : undefined;
    const again = reread?.code === PROBE_CODES.bodyStalled ? reread : undefined;
    const againBytes = again ? bytesRead(again) : "";
    const proxyName = cdn && cdn !== proxyHost ? cdn : (proxyHost ?? host ?? "the proxy");
    const hostname = first?.url ? hostOf(first.url) : undefined;
    out.push(
      makeFinding(ZIP_STALLED, {
        title: onlyLogEnd
          ? `The log ends while the zip of ${named ?? "a module"} was arriving: if the run hung, its body had stopped`
          : zips.length === 0 && first && first.bytes > 0
            ? `The proxy's zip body${named ? ` of ${named}` : ""} stops after ${formatBytes(first.bytes)}`
            : named
              ? `The zip of ${named} stopped mid-body`
              : ZIP_STALLED.title,
        severity: onlyLogEnd ? "warning" : failingSeverity(e),
        confidence: onlyLogEnd ? 0.5 : zips.some((z) => z.bytes > 0) ? 0.85 : 0.75,
        why: onlyLogEnd
          ? `The last line of the log is the \`200 OK\` of this zip's headers, and the go command prints nothing when a body completes: a run that hung here was waiting for the rest of this body from ${server ?? host ?? "the proxy"}, which has no read deadline. A run that finished ends the same way, so this log alone cannot tell; a log that also holds go's -json output (go mod download -x -json prints a result per module) can.`
          : `${modServer ? modServer.Name : (sender ?? (host ? `The server at ${host}` : "The proxy"))} sent the response headers for the zip and then stopped sending its body; the go command has no read deadline and waits for ever.` +
            (again
              ? ` gomod-doctor's own read of the same zip, on a new connection, stopped too (after ${againBytes}): the server stops this zip every time, so a retry hangs the same way. ` +
                "Its stored copy of the zip is cut, or something on the path (a scanning proxy, a size limit) holds large bodies."
              : ""),
        evidence,
        modules: [...new Set(zips.flatMap((z) => (z.module ? [z.module] : [])))],
        fixes: again
          ? [
              {
                summary: `Show ${proxyName}'s operators that the zip stops after ${againBytes} on every read (a retry hangs the same way): its copy needs fetching again from the origin`,
                commands: [`curl -sS -m 30 -o /dev/null -w '%{http_code} %{size_download} bytes\\n' ${shellQuote(again.url ?? first!.url!)}`],
              },
              ...(hostname && !modServer ? skipEntryFix(e, proxyHost ?? hostname, hostname, first?.url) : []),
              ...(mirror ? [mirror] : []),
            ]
          : [
              // A pre-flight started no go command: there is no run to end, only the download to try.
              e.outcome === "probed"
                ? {
                    summary: "Try the download: a new connection usually gets the whole body, but go waits for ever on one that stops (gomod-doctor diagnose runs it under watch and ends a hang)",
                    commands: [retry],
                  }
                : { summary: "End the run and retry: a new connection usually completes the download (partial .tmp files are left behind and are harmless)", commands: [retry] },
              ...(mirror ? [mirror] : []),
              ...(modServer && first?.url ? [{ summary: "Check whether the module server sends the whole zip to another client", commands: [`curl -sS -m 60 -o /dev/null -w '%{http_code} %{size_download} bytes\\n' ${first.url}`] }] : []),
            ],
      }),
    );
    return out;
  },
};
