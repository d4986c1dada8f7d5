// GMD314: a module server named by a go-import `mod` tag failed. In direct
// mode go fetches such a module from that server with the module proxy
// protocol (trace/mod-roots.ts): its 404, 5xx, 401/403 or silence is the
// server's, not a GOPROXY entry's and not git's.
import type { Finding, Fix } from "../report/schema.js";
import { modRootOf, type ModRoot } from "../trace/mod-roots.js";
import { percentDecoded } from "../trace/url.js";
import { escapeModulePath, unescapeVersion } from "../util/modpath.js";
import { probed } from "./facts.js";
import { failingSeverity, makeFinding, netrcFix } from "./fixes.js";
import { refusedTransportIn, serverResponse } from "./hosts.js";
import { modServerRoots, observe, type Observation } from "./observe.js";
import { halfServedZips, isRateLimit } from "./proxy-answers.js";
import { staleIndexUrls } from "./proxy-index.js";
import { proxyUrls } from "./settings-view.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const MOD_SERVER_FAILED: CauseInfo = {
  code: "GMD314",
  name: "mod-server-failed",
  title: "The module server a go-import tag names failed",
  explain:
    "A go-import meta tag can name a module server instead of a repository (`<meta name=\"go-import\" content=\"corp.example/lib mod " +
    "https://mods.corp.example/\">`). For a module fetched directly (GOPROXY=direct, or a path in GOPRIVATE/GONOPROXY) the go command then " +
    "asks that server for `<module>/@v/list`, `.info`, `.mod` and `.zip` with the module proxy protocol, as it would a GOPROXY entry, but " +
    "the server is not in GOPROXY and no git runs. Its 404 or 410 means it does not have that version (or module); a 401 or 403 that it " +
    "wants credentials (go sends ~/.netrc entries for its host, over https only); a 5xx, a refused connection or silence that it is down. " +
    "The finding quotes the go-get request that returned the tag and the request that failed; fix the version, the credentials or the " +
    "server, or while it is down fetch the module through a module proxy that serves it.",
};

type Kind = "not-found" | "auth" | "server-error" | "unreachable";

function kindOf(o: Observation): Kind {
  if (o.status === 404 || o.status === 410) return "not-found";
  if (o.status === 401 || o.status === 403) return "auth";
  if (o.status !== undefined && o.status >= 400 && o.failure === undefined) return "server-error";
  return "unreachable";
}

/** `for v1.2.3`, `for its version list`, from the request's file. */
function askedFor(url: string): { what: string; version?: string } {
  const plain = percentDecoded(url);
  const file = /\/@v\/(.+)\.(?:info|mod|zip)$/.exec(plain);
  const version = file ? unescapeVersion(file[1]!) : undefined;
  if (version) return { what: version, version };
  if (plain.endsWith("/@v/list")) return { what: "its version list" };
  return { what: "its latest version" };
}

/** How an unreachable server failed, in words (observe.ts's failure classes). */
const UNREACHABLE: Partial<Record<string, string>> = {
  dns: "its name does not resolve",
  refused: "connections to it are refused",
  unreachable: "there is no route to its host",
  reset: "the connection was reset",
  eof: "the connection was closed before the answer",
  protocol: "what answers is not usable HTTP",
};

/** The title's verb for the other failures. */
const VERBS: Partial<Record<string, string>> = {
  unreachable: "could not be reached (no route to its host)",
  reset: "reset the connection",
  eof: "closed the connection",
  protocol: "did not answer with usable HTTP",
};

function answered(o: Observation, kind: Kind): string {
  if (kind !== "unreachable") return `answered ${o.status}`;
  if (o.failure === "timeout") return o.text.endsWith("(go was still waiting)") ? "did not answer" : "timed out";
  if (o.failure === "dns") return "has a name that does not resolve";
  if (o.failure === "refused") return "refused the connection";
  return VERBS[o.failure ?? ""] ?? "failed";
}

function unreachableWhy(o: Observation): string {
  if (o.failure === "timeout") {
    const waiting = o.text.endsWith("(go was still waiting)");
    return `${waiting ? "The request got no answer" : "The connection timed out"}, and in direct mode there is no other source to fall back to (the go command has no deadline for an answer).`;
  }
  if (o.failure === "reset" || o.failure === "eof") return `The server cut the connection before the whole answer arrived: ${UNREACHABLE[o.failure]}. In direct mode there is no other source to fall back to.`;
  return `The server cannot be reached: ${UNREACHABLE[o.failure ?? ""] ?? "the request failed"}. In direct mode there is no other source to fall back to.`;
}

function why(root: ModRoot, module: string, kind: Kind, o: Observation, halfServed: boolean): string {
  const tag =
    `${module}'s go-import tag names a module server (\`mod ${root.base}/\`), not a repository: fetching it directly, the go command asks that ` +
    "server for the module's files with the module proxy protocol. It is not a GOPROXY entry, and no git runs.";
  const response = serverResponse(o.details).split("\n")[0]?.replace(/^server response:\s*/, "");
  // The server's own fetch refused the protocol of the repository it was given (origin-transport.ts words a proxy's).
  const refused = refusedTransportIn(serverResponse(o.details));
  const quoted = response ? `, saying "${response}"` : "";
  switch (kind) {
    case "not-found":
      if (refused) {
        return (
          `${tag} The server answered ${o.status} because its own git refused the ${refused} protocol ("transport '${refused}' not allowed") when it fetched ` +
          `the repository of ${module}: the module is not missing, the server is set up with a repository URL its git may not use (the go-import tag names the server, not that URL).`
        );
      }
      if (halfServed) return `${tag} The server served the version's go.mod and then answered ${o.status} for its zip${quoted}: it knows the version but its storage lacks the zip (an incomplete upload or mirror).`;
      return `${tag} The server answered ${o.status}${quoted}: it does not have that version of ${module}. The version may never have been published there, go.mod may name a wrong one, or the tag may point at the wrong server.`;
    case "auth":
      return (
        `${tag} The server answered ${o.status}: it ${o.status === 401 ? "wants credentials the go command did not send" : "refuses the credentials it got, or does not give them access"}. ` +
        (root.base.startsWith("http://") ? "The server is reached over plain http, and the go command sends ~/.netrc credentials only over https." : "The go command sends the ~/.netrc entry for the server's host.")
      );
    case "server-error":
      return `${tag} The server answered with an error, ${o.status}${quoted}. In direct mode there is no other source to fall back to.`;
    case "unreachable":
      return `${tag} ${unreachableWhy(o)}`;
  }
}

function fixes(e: Evidence, root: ModRoot, module: string, version: string | undefined, kind: Kind, url: string): Fix[] {
  const host = new URL(root.base).hostname;
  const target = version ? `${module}@${version}` : module;
  const out: Fix[] = [
    {
      summary: `Ask the module server for the same file by hand${kind === "auth" ? ", with the ~/.netrc credentials" : ""}`,
      commands: [`curl -sS -i ${kind === "auth" ? "--netrc " : ""}${url}`],
    },
  ];
  if (kind === "not-found") {
    out.push({
      summary: `Check which versions of ${module} the server has, and require one of them`,
      commands: [`curl -sS ${root.base}/${escapeModulePath(module)}/@v/list`, `go list -m -versions ${module}`],
      caution: "If the version is missing, publish it to the module server, or change the requirement: go get MODULE@VERSION.",
    });
  }
  if (kind === "auth") {
    const vcs = probed(e, "vcs").find((p) => p.facts.host === host);
    out.push(
      root.base.startsWith("http://")
        ? {
            summary: `Have the go-import tag name the server's https:// address: the go command sends credentials for ${host} only there`,
            commands: [root.goImportUrl ? `curl -sS '${root.goImportUrl}' | grep go-import` : `curl -sS 'https://${module}?go-get=1' | grep go-import`],
            caution: `Then put the credentials in ~/.netrc (machine ${host}).`,
          }
        : netrcFix(host, vcs?.facts.netrc),
    );
  }
  if (kind === "server-error" || kind === "unreachable") {
    const proxy = proxyUrls(e)[0] ?? "https://<your-module-proxy>";
    out.push({
      summary: "Retry later, or ask the module server's operators; meanwhile fetch the module through a module proxy that serves it",
      commands: [`go mod download -x ${target}`, `GOPROXY=${proxy} GONOPROXY=none go mod download ${target}`],
      caution:
        "GONOPROXY=none sends even GOPRIVATE paths to that proxy for this one command: only a proxy your organisation runs can serve a private module.",
    });
  }
  return out;
}

/** The go-get request that returned the tag, or the tag as the vcs probe read it. */
function tagEvidence(e: Evidence, root: ModRoot): string {
  if (root.goImportUrl) {
    const status = (e.trace?.requests ?? []).find((r) => r.url === root.goImportUrl)?.status;
    return `# get ${root.goImportUrl}${status !== undefined ? `: ${status}` : ""}: its go-import tag names the module server ${root.base}/`;
  }
  return `go-import tag: ${root.prefix} mod ${root.base}/`;
}

/** go's error lines naming the request (they name the module too), with their server response. */
function goLines(e: Evidence, url: string): string[] {
  const err = (e.trace?.errors ?? []).find((x) => x.message.includes(url));
  return err ? [err.message, ...serverResponse(err.details).split("\n").filter(Boolean).slice(0, 2)] : [];
}

export const modServerFamily: RuleFamily = {
  family: "mod-server",
  causes: [MOD_SERVER_FAILED],
  evaluate(e) {
    const roots = modServerRoots(e);
    if (roots.length === 0) return [];
    const out: Finding[] = [];
    const seen = new Set<string>();
    // Failures with a finding of their own, worded for a module server there: a 429, a version its own list names.
    const stale = staleIndexUrls(e);
    const elsewhere = (o: Observation): boolean => isRateLimit(o) || stale.has(o.url);
    for (const o of observe(e)) {
      // A certificate go does not accept is tls.ts's (it names the issuer and the trust fix), whoever serves it.
      if (o.role !== "mod-server" || o.failure?.startsWith("tls") || (o.failure === undefined && (o.status === undefined || o.status < 400)) || elsewhere(o)) continue;
      const hit = modRootOf(roots, o.url);
      if (!hit) continue;
      const kind = kindOf(o);
      const key = `${hit.root.base}|${hit.module}|${kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const { what, version } = askedFor(o.url);
      out.push(
        makeFinding(MOD_SERVER_FAILED, {
          title: `The module server ${hit.root.base}/ named by ${hit.module}'s go-import tag ${answered(o, kind)} for ${what}`,
          severity: failingSeverity(e),
          confidence: kind === "unreachable" && o.failure === "timeout" ? 0.8 : 0.9,
          why: why(hit.root, hit.module, kind, o, halfServedZips(e).some((z) => z.url === o.url)),
          evidence: [...new Set([tagEvidence(e, hit.root), o.text, ...goLines(e, o.url), ...serverResponse(o.details).split("\n").filter(Boolean).slice(0, 2)])],
          modules: [hit.module],
          fixes: fixes(e, hit.root, hit.module, version, kind, o.url),
        }),
      );
    }
    return out;
  },
};
