// GMD5xx: go settings that stop or break lookups: GOPROXY=off, -mod=vendor,
// values the go command cannot parse, and toolchain switching.
import { parseGoflags } from "../context/goflags.js";
import { parseGoproxy } from "../context/goproxy.js";
import { validatePatterns } from "../context/patterns.js";
import { parseGosumdb } from "../context/sumdb.js";
import type { Finding } from "../report/schema.js";
import { GOENV_CAUTION, failingSeverity, goEnvFix, makeFinding } from "./fixes.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const GOPROXY_OFF: CauseInfo = {
  code: "GMD501",
  name: "goproxy-off",
  title: "GOPROXY=off forbids module downloads",
  explain:
    "With GOPROXY=off the go command downloads nothing: every module not already in the module cache fails with `module lookup disabled by " +
    "GOPROXY=off`. Often set for offline builds and forgotten (also via `go env -w`). Set GOPROXY back to a proxy list, or fill the cache first.",
};

export const MOD_VENDOR: CauseInfo = {
  code: "GMD502",
  name: "mod-vendor",
  title: "-mod=vendor stops module lookups",
  explain:
    "With -mod=vendor (GOFLAGS, or automatically when a vendor directory exists and go.mod says go 1.14 or later) the go command uses only " +
    "vendor/ and never looks modules up (`module lookup disabled by -mod=vendor`, `inconsistent vendoring`). Run with GOFLAGS=-mod=mod, or " +
    "refresh vendor/ with `go mod vendor`.",
};

export const BAD_GOPROXY: CauseInfo = {
  code: "GMD503",
  name: "bad-goproxy",
  title: "GOPROXY cannot be parsed",
  explain:
    "The go command rejects the GOPROXY value (`invalid proxy URL scheme`, `GOPROXY list is not the empty string, but contains no entries`) " +
    "and downloads nothing. Entries are URLs (https, http, file) or `direct` / `off`, separated by `,` (fall through on 404/410) or `|` " +
    "(fall through on any error).",
};

export const BAD_GOSUMDB: CauseInfo = {
  code: "GMD504",
  name: "bad-gosumdb",
  title: "GOSUMDB cannot be parsed",
  explain:
    "The go command rejects the GOSUMDB value (`invalid GOSUMDB: malformed verifier id`) and fails every verification. GOSUMDB is `off`, a " +
    "known database name (sum.golang.org), or `name+key [url]` with the database's public key.",
};

export const BAD_PATTERN: CauseInfo = {
  code: "GMD505",
  name: "bad-pattern",
  title: "A GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE pattern is invalid",
  explain:
    "These variables hold comma-separated path.Match globs matched against module path prefixes. An invalid glob (an unclosed `[`, a " +
    "stray `\\`) matches nothing, silently: modules meant to be private go to the public proxy and checksum database.",
};

export const TOOLCHAIN: CauseInfo = {
  code: "GMD506",
  name: "toolchain-unavailable",
  title: "go.mod needs a Go toolchain that cannot be downloaded",
  explain:
    "A `go` or `toolchain` line newer than the local go makes the go command download that toolchain (golang.org/toolchain) through GOPROXY " +
    "before anything else. When it cannot (`toolchain not available`, GOPROXY=off, a network failure), nothing runs. GOTOOLCHAIN=local keeps " +
    "the local go, which then refuses a go.mod that needs a newer one: install that version, or lower the go line if the module allows it.",
};

export const INSECURE_CREDENTIALS: CauseInfo = {
  code: "GMD507",
  name: "insecure-credentials",
  title: "The go command refuses to send credentials over plain http",
  explain:
    "GOPROXY (or a go-import URL) carries credentials (user:secret@), and the URL is http://, not https://. Recent go versions " +
    "refuse to send credentials in the clear (`refusing to pass credentials to insecure URL`) and the request fails before it is made. " +
    "Serve the proxy over https, or keep the URL plain and put the credentials in ~/.netrc (or GOAUTH, go1.24+), which go sends only over https.",
};

function errorText(e: Evidence): string[] {
  return (e.trace?.errors ?? []).flatMap((x) => [x.message, ...x.details]);
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

function proxyOff(e: Evidence): Finding[] {
  const lines = errorText(e).filter((l) => /module lookup disabled by GOPROXY=off/.test(l));
  const parsed = e.ctx ? safe(() => parseGoproxy(e.ctx!.env.GOPROXY)) : undefined;
  const off = parsed?.entries[0]?.kind === "off";
  if (lines.length === 0 && !(off && e.outcome !== "ok")) return [];
  return [
    makeFinding(GOPROXY_OFF, {
      severity: lines.length > 0 ? "blocker" : e.outcome === "probed" ? "warning" : failingSeverity(e),
      confidence: lines.length > 0 ? 0.95 : 0.7,
      why: "GOPROXY=off forbids every download; modules missing from the module cache cannot be fetched.",
      evidence: [...(e.ctx ? [`GOPROXY=${e.ctx.env.GOPROXY}`] : []), ...lines].slice(0, 4),
      fixes: [
        goEnvFix("Let the go command download again (the default proxy, then direct)", "GOPROXY", "https://proxy.golang.org,direct", GOENV_CAUTION),
        { summary: "Or drop the go env setting to get the default back", commands: ["go env -u GOPROXY"] },
      ],
    }),
  ];
}

function modVendor(e: Evidence): Finding[] {
  const lines = errorText(e).filter((l) => /lookup disabled by -mod=vendor|due to -mod=vendor|inconsistent vendoring/.test(l));
  const flags = e.ctx ? safe(() => parseGoflags(e.ctx!.env.GOFLAGS)) : undefined;
  const failedLookups = (e.trace?.errors ?? []).length > 0 && e.outcome === "failed";
  if (lines.length === 0 && !(flags?.modVendor && failedLookups)) return [];
  const inconsistent = lines.some((l) => /inconsistent vendoring/.test(l));
  return [
    makeFinding(MOD_VENDOR, {
      severity: failingSeverity(e),
      confidence: lines.length > 0 ? 0.9 : 0.55,
      why: inconsistent ? "vendor/ does not match go.mod, and -mod=vendor uses only vendor/." : "-mod=vendor makes the go command use vendor/ only; it looks nothing up.",
      evidence: [...(flags?.modVendor ? [`GOFLAGS=${e.ctx?.env.GOFLAGS}`] : []), ...lines].slice(0, 4),
      fixes: [
        { summary: "Download modules instead of using vendor/ for this command", commands: ["GOFLAGS=-mod=mod go mod download"] },
        ...(inconsistent ? [{ summary: "Or bring vendor/ in line with go.mod", commands: ["go mod vendor"] }] : []),
        ...(flags?.modVendor ? [{ summary: "Or drop -mod=vendor from GOFLAGS", commands: ["go env -w GOFLAGS=-mod=mod"], caution: GOENV_CAUTION }] : []),
      ],
    }),
  ];
}

function badGoproxy(e: Evidence): Finding[] {
  const lines = errorText(e).filter((l) => /invalid proxy URL|GOPROXY list is not the empty string|invalid GOPROXY/.test(l));
  const parsed = e.ctx ? safe(() => parseGoproxy(e.ctx!.env.GOPROXY)) : undefined;
  if (lines.length === 0 && !parsed?.error) return [];
  return [
    makeFinding(BAD_GOPROXY, {
      severity: "blocker",
      confidence: 0.95,
      why: `The go command cannot parse GOPROXY${parsed?.error ? `: ${parsed.error}` : ""}, so it downloads nothing.`,
      evidence: [...(e.ctx ? [`GOPROXY=${e.ctx.env.GOPROXY}`] : []), ...lines].slice(0, 4),
      fixes: [goEnvFix("Set a valid list: proxy URLs, then `direct`", "GOPROXY", "https://proxy.golang.org,direct", GOENV_CAUTION)],
    }),
  ];
}

function badGosumdb(e: Evidence): Finding[] {
  // dbDial (modfetch/sumdb.go): "missing GOSUMDB", "invalid GOSUMDB: ...", "invalid sumdb name", "invalid GOSUMDB URL".
  const lines = errorText(e).filter((l) => /invalid GOSUMDB|missing GOSUMDB|invalid sumdb name/.test(l));
  const parsed = e.ctx ? safe(() => parseGosumdb(e.ctx!.env.GOSUMDB)) : undefined;
  if (lines.length === 0 && !parsed?.error) return [];
  return [
    makeFinding(BAD_GOSUMDB, {
      severity: "blocker",
      confidence: 0.95,
      why: `The go command cannot parse GOSUMDB${parsed?.error ? `: ${parsed.error}` : ""}; every checksum verification fails.`,
      evidence: [...(e.ctx ? [`GOSUMDB=${e.ctx.env.GOSUMDB}`] : []), ...lines].slice(0, 4),
      fixes: [{ summary: "Go back to the default checksum database", commands: ["go env -u GOSUMDB", "go env GOSUMDB"], caution: GOENV_CAUTION }],
    }),
  ];
}

function badPatterns(e: Evidence): Finding[] {
  if (!e.ctx) return [];
  const out: Finding[] = [];
  for (const key of ["GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"] as const) {
    const value = e.ctx.env[key] ?? "";
    // go copies GOPRIVATE into GONOPROXY/GONOSUMDB when they are unset: report the source once.
    if ((key === "GONOPROXY" || key === "GONOSUMDB") && value === (e.ctx.env.GOPRIVATE ?? "")) continue;
    const error = value ? safe(() => validatePatterns(value)) : undefined;
    if (!error) continue;
    const kept = value.split(",").map((g) => g.trim()).filter((g) => g !== "" && !safe(() => validatePatterns(g)));
    out.push(
      makeFinding(BAD_PATTERN, {
        title: `${key} holds an invalid pattern`,
        severity: "warning",
        confidence: 0.85,
        why: `${error}: the go command ignores that pattern silently, so it matches no module.`,
        evidence: [`${key}=${value}`],
        fixes: [
          kept.length > 0
            ? goEnvFix(`Keep the valid patterns (fix the broken one and add it back)`, key, kept.join(","), GOENV_CAUTION)
            : { summary: `Fix the pattern (comma-separated globs such as corp.example.com/*)`, commands: [`go env -u ${key}`] },
        ],
      }),
    );
  }
  return out;
}

function insecureCredentials(e: Evidence): Finding[] {
  const lines = errorText(e).filter((l) => /refusing to pass credentials to insecure URL/.test(l));
  if (lines.length === 0) return [];
  return [
    makeFinding(INSECURE_CREDENTIALS, {
      severity: "blocker",
      confidence: 0.95,
      why: "A URL that carries credentials is plain http://; the go command will not send credentials unencrypted, so every request to it fails.",
      evidence: lines.slice(0, 3),
      fixes: [
        { summary: "Use https for the proxy, keeping the credentials out of the URL", commands: ["go env GOPROXY", "go env -w GOPROXY=https://<HOST>/<PATH>,direct"], caution: GOENV_CAUTION },
        { summary: "Put the credentials in ~/.netrc instead (sent only over https)", commands: ["printf 'machine <HOST> login <USER> password <TOKEN>\\n' >> ~/.netrc", "chmod 600 ~/.netrc"] },
      ],
    }),
  ];
}

/**
 * A go before 1.21 meeting a newer go.mod: `go.mod file indicates go 1.20, but
 * maximum version supported by tidy is 1.19`, `invalid go version '1.21.0':
 * must match format 1.23` (a three-part go line it cannot read).
 */
const PRE_TOOLCHAIN_GO = /go\.mod file indicates go (\d+\.\d+\S*), but maximum (?:version )?supported|invalid go version '(\d+\.\d+\.\d+)': must match format/;

function toolchain(e: Evidence): Finding[] {
  const lines = errorText(e).filter((l) => /toolchain not available|go: download go\d|golang\.org\/toolchain@|requires go >= [^\s]+ \(running go/.test(l) || PRE_TOOLCHAIN_GO.test(l));
  const suspects = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "toolchain");
  if (lines.length === 0 && suspects.length === 0) return [];
  // A go before 1.21 has no toolchain switching: a newer go line is a hard stop.
  const preToolchain = lines.map((l) => PRE_TOOLCHAIN_GO.exec(l)).find((m) => m !== null);
  // `go1.99.0` in download lines, `requires go >= 1.99.0` under GOTOOLCHAIN=local.
  const wanted = preToolchain ? (preToolchain[1] ?? preToolchain[2]) : /(?:go|>=) ?(\d+\.\d+(?:\.\d+)?(?:rc\d+)?)/.exec([...lines, ...(e.trace?.toolchain ?? [])].find((l) => /download|requires go|go\d/.test(l)) ?? "")?.[1];
  const needsNewer = lines.some((l) => /requires go >= .*GOTOOLCHAIN=local/.test(l)) || preToolchain !== undefined;
  const unavailable = lines.some((l) => /toolchain not available/.test(l));
  return [
    makeFinding(TOOLCHAIN, {
      title: preToolchain
        ? `go.mod needs go ${wanted ?? "(newer)"}, newer than this go, which cannot switch toolchains (before go1.21)`
        : needsNewer
          ? `go.mod needs go ${wanted ?? "(newer)"}, and GOTOOLCHAIN=local forbids switching`
          : `The go ${wanted ?? ""} toolchain go.mod asks for cannot be downloaded`.replace("go  t", "go t"),
      severity: "blocker",
      confidence: needsNewer || unavailable ? 0.9 : suspects.length > 0 ? 0.7 : 0.6,
      why: preToolchain
        ? "The local go is older than go.mod's go line, and a go before 1.21 neither downloads a newer toolchain nor reads a three-part go line (`go 1.21.0`)."
        : needsNewer
          ? "The local go is older than go.mod's go line and switching toolchains is turned off."
        : "go.mod's go/toolchain line is newer than the local go, so the go command first downloads that toolchain, and the download fails.",
      evidence: [...(e.trace?.toolchain ?? []).slice(0, 2), ...lines, ...suspects.map((s) => `toolchain download idle for ${Math.round(s.idleMs / 1000)}s`)].slice(0, 4),
      fixes: needsNewer
        ? [{ summary: `Install go ${wanted ?? "(the version go.mod names)"} and put it first on PATH, or lower the go line if the module allows it`, commands: ["go mod edit -json | grep -E '\"(Go|Toolchain)\"'"] }]
        : [
            // `go 1.21` names a language version; from go1.21 on, releases are 1.N.0, so no toolchain `go1.21` exists.
            ...(unavailable && wanted && /^1\.(2[1-9]|[3-9]\d)$/.test(wanted)
              ? [
                  {
                    summary: `go.mod says "go ${wanted}", a language version with no toolchain of that name: name a release`,
                    commands: [`go mod edit -go=${wanted}.0`],
                    caution: "This edits go.mod: commit it so every machine and CI reads the same line.",
                  },
                ]
              : []),
            { summary: "Use the local go instead of downloading another toolchain", commands: ["GOTOOLCHAIN=local go mod download"], caution: "If go.mod needs a newer go, the local one refuses; install that version then." },
          ],
    }),
  ];
}

export const settingsFamily: RuleFamily = {
  family: "settings",
  causes: [GOPROXY_OFF, MOD_VENDOR, BAD_GOPROXY, BAD_GOSUMDB, BAD_PATTERN, TOOLCHAIN, INSECURE_CREDENTIALS],
  evaluate(e) {
    return [...badGoproxy(e), ...badGosumdb(e), ...proxyOff(e), ...modVendor(e), ...badPatterns(e), ...toolchain(e), ...insecureCredentials(e)];
  },
};
