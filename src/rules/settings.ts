// GMD5xx: go settings that stop or break lookups: GOPROXY=off, -mod=vendor,
// values the go command cannot parse; toolchain switching (GMD506) is toolchain.ts.
import { parseGoflags } from "../context/goflags.js";
import { parseGoproxy } from "../context/goproxy.js";
import { globOfUrl, validatePatterns } from "../context/patterns.js";
import { parseGosumdb } from "../context/sumdb.js";
import type { Finding, Fix } from "../report/schema.js";
import { failingSeverity, goEnvFix, makeFinding, originText, settingEvidence, settingFix, shellQuote, unsetFix } from "./fixes.js";
import { booleanPatterns, goprivateFor, settingOrigin } from "./settings-view.js";
import { hostLooksPrivate, moduleHost } from "./hosts.js";
import { firstProbed } from "./facts.js";
import { NOT_GO_SETTINGS } from "../context/env-files.js";
import { suggestGoprivate } from "../context/routes.js";
import { goErrorLines } from "./observe.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";
import { TOOLCHAIN, toolchain } from "./toolchain.js";

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
    "(fall through on any error). An entry with no host (`https://`) parses, and then every request fails with `http: no Host in request URL`.",
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
    "stray `\\`) matches nothing, silently: modules meant to be private go to the public proxy and checksum database. So does a value " +
    "written as a switch (GONOSUMDB=true, GOPRIVATE=1): go reads `true` as a module path prefix. Name the module paths " +
    "(GOPRIVATE=corp.example.com/*), or use GOSUMDB=off to turn checksum checking off entirely.",
};

export const IGNORED_SETTING: CauseInfo = {
  code: "GMD509",
  name: "ignored-setting",
  title: "A variable the go command does not read is set",
  explain:
    "GONOSUMCHECK (and look-alikes such as GOSUMCHECK) is not a go setting: the go command ignores it, so modules are still checked in " +
    "the checksum database. The settings are GONOSUMDB (or GOPRIVATE), a comma-separated list of module path patterns exempt from the " +
    "check, and GOSUMDB=off, which turns checking off for every module. The same holds for a go setting misspelt in the environment or " +
    "the go env file (GOPRIVTE, GO_PROXY, GONOSUMBD, GOFALGS): go ignores it silently, and the finding names the setting it meant " +
    "(the nearest of go's own names) and moves the value there.",
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

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

function proxyOff(e: Evidence): Finding[] {
  const lines = goErrorLines(e).filter((l) => /module lookup disabled by GOPROXY=off/.test(l));
  const parsed = e.ctx ? safe(() => parseGoproxy(e.ctx!.env.GOPROXY)) : undefined;
  const off = parsed?.entries[0]?.kind === "off";
  if (lines.length === 0 && !(off && e.outcome !== "ok")) return [];
  return [
    makeFinding(GOPROXY_OFF, {
      severity: lines.length > 0 ? "blocker" : e.outcome === "probed" ? "warning" : failingSeverity(e),
      confidence: lines.length > 0 ? 0.95 : 0.7,
      why:
        e.ctx && e.ctx.env.GOPROXY.trim() !== "off" && off
          ? `GOPROXY=${JSON.stringify(e.ctx.env.GOPROXY)} has no usable entry before off (empty entries are skipped, and entries after off are never tried), ` +
            "so the go command reads it as GOPROXY=off: it forbids every download, and modules missing from the module cache cannot be fetched."
          : "GOPROXY=off forbids every download; modules missing from the module cache cannot be fetched.",
      evidence: [...settingEvidence(e, "GOPROXY"), ...lines].slice(0, 4),
      fixes: lines.some((l) => EDITOR_LOAD.test(l)) ? [EDITOR_ENV_FIX, ...proxyOffFixes(e)] : proxyOffFixes(e),
    }),
  ];
}

/** go's error as an editor's gopls reports it (`... : packages.Load error`, `gopls: ...`). */
const EDITOR_LOAD = /\bpackages\.Load\b|\bgopls\b/;

/**
 * gopls runs go with the editor's environment, which can differ from the
 * shell's (VS Code's go.toolsEnvVars, gopls's build.env): the setting to
 * change may be there, where go env cannot see it.
 */
const EDITOR_ENV_FIX: Fix = {
  summary: "The error came through the editor (gopls runs go with the editor's environment): if `go env GOPROXY` in a terminal is not off, the editor's settings set it (VS Code: \"go.toolsEnvVars\", gopls \"build.env\"); remove it there and reload the window",
  commands: ["go env GOPROXY", "grep -n GOPROXY .vscode/settings.json"],
};

function proxyOffFixes(e: Evidence): Fix[] {
  const { from } = settingOrigin(e, "GOPROXY");
  const set = settingFix(e, "Let the go command download again (the default proxy, then direct)", "GOPROXY", "https://proxy.golang.org,direct");
  // Dropping the setting brings back what lies under it: the go env file's value (environment) or the default.
  if (from === "environment") return [unsetFix(e, "Remove GOPROXY=off from the environment: the go env file's value or the default applies again", "GOPROXY", "https://proxy.golang.org,direct"), { ...set, summary: "Or set a proxy list in the environment instead" }];
  if (from === "go env file") return [unsetFix(e, "Drop the go env -w setting to get the default back (the default proxy, then direct)", "GOPROXY", "https://proxy.golang.org,direct"), { ...set, summary: "Or write a proxy list" }];
  return [set, ...(from === "unknown" ? [{ summary: "Or drop the go env setting to get the default back", commands: ["go env -u GOPROXY"] }] : [])];
}

function modVendor(e: Evidence): Finding[] {
  const lines = goErrorLines(e).filter((l) => /lookup disabled by -mod=vendor|due to -mod=vendor|inconsistent vendoring/.test(l));
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
        // buildGoModule and gomod2nix build offline with -mod=vendor from a vendor set fixed by a hash: that set is what is stale.
        ...(e.logSettings?.nixBuild
          ? [
              {
                summary:
                  "This is a Nix build, which builds offline from a vendor set fixed by a hash: after go.mod changed, renew it " +
                  "(buildGoModule: set vendorHash = lib.fakeHash, build, and copy the hash Nix prints; gomod2nix: regenerate gomod2nix.toml)",
                commands: ["nix build 2>&1 | grep -E 'specified:|got:'", "gomod2nix generate  # with gomod2nix"],
                caution: "With vendorHash = null, buildGoModule uses the source's own vendor/ directory: run `go mod vendor` there and commit it.",
              },
            ]
          : []),
        { summary: "Download modules instead of using vendor/ for this command", commands: ["GOFLAGS=-mod=mod go mod download"] },
        ...(inconsistent ? [{ summary: "Or bring vendor/ in line with go.mod", commands: ["go mod vendor"] }] : []),
        ...(flags?.modVendor ? [settingFix(e, "Or drop -mod=vendor from GOFLAGS", "GOFLAGS", withoutModVendor(e.ctx?.env.GOFLAGS ?? ""))] : []),
      ],
    }),
  ];
}

/** GOFLAGS with -mod=vendor replaced by -mod=mod, the other flags kept. */
function withoutModVendor(goflags: string): string {
  const kept = goflags.split(/\s+/).filter((f) => f !== "" && !/^--?mod=vendor$/.test(f));
  return [...kept, "-mod=mod"].join(" ");
}

/** An http(s) entry with no host (`https://`): go accepts it and every request fails with `http: no Host in request URL`. */
const NO_HOST_URL = /^https?:\/\/(?:[^@/?#]*@)?(?::\d*)?(?:[/?#]|$)/i;

function badGoproxy(e: Evidence): Finding[] {
  const lines = goErrorLines(e).filter((l) => /invalid proxy URL|GOPROXY list is not the empty string|invalid GOPROXY|http: no Host in request URL/.test(l));
  const parsed = e.ctx ? safe(() => parseGoproxy(e.ctx!.env.GOPROXY)) : undefined;
  const hostless = parsed?.entries.find((x) => x.kind === "url" && NO_HOST_URL.test(x.raw));
  if (lines.length === 0 && !parsed?.error && !hostless) return [];
  const noHost = hostless !== undefined || lines.some((l) => /no Host in request URL/.test(l));
  // `GOPROXY=","`, `" | "`: separators and blanks only. Only the empty string means the default; this is a list with nothing in it.
  const empty = /contains no entries/.test(parsed?.error ?? "") || lines.some((l) => /contains no entries/.test(l));
  const problem = parsed?.error ?? (noHost ? `${hostless ? `the entry ${hostless.raw} ` : "an entry "}is a URL with no host name` : undefined);
  const value = e.ctx?.env.GOPROXY;
  if (empty) {
    return [
      makeFinding(BAD_GOPROXY, {
        title: `GOPROXY${value !== undefined ? `=${JSON.stringify(value)}` : ""} is a list with no entries`,
        severity: "blocker",
        confidence: 0.95,
        why:
          `GOPROXY${value !== undefined ? ` holds only separators and blanks (${JSON.stringify(value)})` : " holds only separators and blanks"}: the go command skips empty entries, ` +
          "and only an empty GOPROXY means the default list, so it has no source at all and fails every module with " +
          "`GOPROXY list is not the empty string, but contains no entries`.",
        evidence: [...settingEvidence(e, "GOPROXY"), ...lines].slice(0, 4),
        fixes: e.ctx
          ? [
              unsetFix(e, "Drop the setting to get the default list back (https://proxy.golang.org,direct)", "GOPROXY", "https://proxy.golang.org,direct"),
              settingFix(e, "Or name the proxies: URLs, then `direct`", "GOPROXY", "https://proxy.golang.org,direct"),
            ].filter((f, i, all) => i === 0 || f.commands.join() !== all[0]!.commands.join())
          : [
              {
                summary: "Find where the value is set (the environment, the go env file GOENV names, or $GOROOT/go.env) and drop it: an empty GOPROXY means the default list",
                commands: ["go env GOPROXY GOENV GOROOT", "go env -u GOPROXY"],
                caution: "`go env -u` clears the go env file only: a value exported in the environment is removed with `unset GOPROXY` where it is set.",
              },
              goEnvFix("Or name the proxies: URLs, then `direct`", "GOPROXY", "https://proxy.golang.org,direct"),
            ],
      }),
    ];
  }
  return [
    makeFinding(BAD_GOPROXY, {
      ...(noHost && !parsed?.error ? { title: "GOPROXY holds a URL with no host" } : {}),
      severity: "blocker",
      confidence: 0.95,
      why: `The go command cannot use GOPROXY${problem ? `: ${problem}` : ""}, so it downloads nothing.`,
      evidence: [...settingEvidence(e, "GOPROXY"), ...lines].slice(0, 4),
      fixes: [settingFix(e, "Set a valid list: proxy URLs with their host (https://HOST/PATH), then `direct`", "GOPROXY", "https://proxy.golang.org,direct")],
    }),
  ];
}

function badGosumdb(e: Evidence): Finding[] {
  // dbDial (modfetch/sumdb.go): "missing GOSUMDB", "invalid GOSUMDB: ...", "invalid sumdb name", "invalid GOSUMDB URL".
  const lines = goErrorLines(e).filter((l) => /invalid GOSUMDB|missing GOSUMDB|invalid sumdb name/.test(l));
  const parsed = e.ctx ? safe(() => parseGosumdb(e.ctx!.env.GOSUMDB)) : undefined;
  if (lines.length === 0 && !parsed?.error) return [];
  return [
    makeFinding(BAD_GOSUMDB, {
      severity: "blocker",
      confidence: 0.95,
      why: `The go command cannot parse GOSUMDB${parsed?.error ? `: ${parsed.error}` : ""}; every checksum verification fails.`,
      evidence: [...settingEvidence(e, "GOSUMDB"), ...lines].slice(0, 4),
      fixes: [unsetFix(e, "Go back to the default checksum database", "GOSUMDB", "sum.golang.org")],
    }),
  ];
}

/** The module pattern lists as set (empty when unset), each judged once: a GONOPROXY or GONOSUMDB equal to GOPRIVATE is left out. */
function patternSettings(e: Evidence): { key: "GOPRIVATE" | "GONOPROXY" | "GONOSUMDB" | "GOINSECURE"; value: string }[] {
  const env = e.ctx?.env;
  if (!env) return [];
  return (["GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"] as const)
    .map((key) => ({ key, value: env[key] ?? "" }))
    // go copies GOPRIVATE into GONOPROXY/GONOSUMDB when they are unset: report the source once.
    .filter(({ key, value }) => !((key === "GONOPROXY" || key === "GONOSUMDB") && value === (env.GOPRIVATE ?? "")));
}

function badPatterns(e: Evidence): Finding[] {
  if (!e.ctx) return [];
  const out: Finding[] = [];
  for (const { key, value } of patternSettings(e)) {
    const error = value ? safe(() => validatePatterns(value)) : undefined;
    if (!error) continue;
    // A URL in a glob's place is repaired to the path prefix it names; other broken globs are dropped for the user to fix.
    const kept = value
      .split(",")
      .map((g) => g.trim())
      .flatMap((g) => (g !== "" && !safe(() => validatePatterns(g)) ? [g] : (globOfUrl(g) ?? [])));
    const repaired = value.split(",").some((g) => globOfUrl(g) !== undefined);
    out.push(
      makeFinding(BAD_PATTERN, {
        title: `${key} holds an invalid pattern`,
        severity: "warning",
        confidence: 0.85,
        why: `${error}: the go command ignores that pattern silently, so it matches no module.`,
        evidence: settingEvidence(e, key),
        fixes: [
          kept.length > 0
            ? settingFix(e, repaired ? "Write the URL as a module path prefix (no scheme)" : `Keep the valid patterns (fix the broken one and add it back)`, key, [...new Set(kept)].join(","))
            : unsetFix(e, `Fix the pattern (comma-separated globs such as corp.example.com/*)`, key, ""),
        ],
      }),
    );
  }
  return out;
}

/** What a pattern list that matches nothing fails to do, per variable. */
const PATTERN_ROLE: Record<string, string> = {
  GOPRIVATE: "no module is private: every one goes to GOPROXY and is checked in the public checksum database",
  GONOPROXY: "every module still goes through GOPROXY",
  GONOSUMDB: "every module is still checked in the checksum database",
  GOINSECURE: "no module may be fetched over plain http or with an unverified certificate",
};

/** Required modules that look private (by host, or by the private-modules probe): the paths a pattern list most likely meant. */
function privateLookingModules(e: Evidence): string[] {
  const probe = new Set((firstProbed(e, "private-modules")?.facts.routes ?? []).filter((r) => r.looksPrivate).map((r) => r.path));
  return (e.ctx?.mod.require ?? []).map((r) => r.path).filter((p) => hostLooksPrivate(moduleHost(p)) || probe.has(p));
}

function switchPatterns(e: Evidence): Finding[] {
  if (!e.ctx) return [];
  const out: Finding[] = [];
  for (const { key, value } of patternSettings(e)) {
    const bogus = booleanPatterns(value);
    if (bogus.length === 0) continue;
    const kept = value.split(",").map((g) => g.trim()).filter((g) => g !== "" && !bogus.includes(g));
    const meant = privateLookingModules(e);
    const suggested = meant.length > 0 && key !== "GOINSECURE" ? suggestGoprivate(kept.join(","), meant) : "";
    const list = suggested || [...kept, "<MODULE_PATTERNS>"].join(",");
    out.push(
      makeFinding(BAD_PATTERN, {
        title: `${key}=${value} is a list of module path patterns, not a switch`,
        severity: "warning",
        confidence: 0.85,
        why:
          `${key} holds comma-separated module path patterns; go reads ${bogus.map((b) => `\`${b}\``).join(", ")} as a module path prefix, which ` +
          `matches no module, so ${PATTERN_ROLE[key]}.`,
        evidence: [...settingEvidence(e, key), ...(meant.length > 0 ? [`modules it likely meant: ${meant.slice(0, 3).join(", ")}`] : [])],
        fixes: [
          settingFix(e, `List the module paths instead${suggested ? "" : " (host or host/org globs, comma-separated)"}`, key, list),
          ...(key === "GONOSUMDB"
            ? [{ ...settingFix(e, "Or, to turn checksum checking off for every module, use GOSUMDB", "GOSUMDB", "off"), caution: "GOSUMDB=off drops the protection against a proxy or repository serving altered code; prefer listing the private paths." }]
            : []),
        ],
      }),
    );
  }
  return out;
}

function ignoredSettings(e: Evidence): Finding[] {
  const set = NOT_GO_SETTINGS.filter((k) => (e.ctx?.settingSources?.[k] ?? []).length > 0);
  return set.map((key) => {
    const from = e.ctx!.settingSources![key]![0]!;
    return makeFinding(IGNORED_SETTING, {
      title: `${key} is not a go setting: the go command ignores it`,
      severity: "warning",
      confidence: 0.85,
      why:
        `${key} is set (in ${from === "environment" ? "the environment" : from}), but the go command reads no such variable, so every module is still checked in the ` +
        `checksum database. The settings are GONOSUMDB (or GOPRIVATE) with module path patterns, or GOSUMDB=off.`,
      evidence: [`${key} is set in ${from === "environment" ? "the environment" : from}`, ...settingEvidence(e, "GONOSUMDB"), ...settingEvidence(e, "GOSUMDB")],
      fixes: [
        { summary: `Remove ${key}`, commands: from === "environment" ? [`unset ${key}`] : [`grep -n '^${key}=' "$(go env GOENV)"`], ...(from === "environment" ? {} : { caution: "Delete that line from the go env file by hand: go env -u only knows go's own variables." }) },
        settingFix(e, "Exempt the private module paths from the checksum database", "GONOSUMDB", privateLookingModules(e).length > 0 ? goprivateFor(e, privateLookingModules(e), "GONOSUMDB") : "<MODULE_PATTERNS>"),
      ],
    });
  });
}

/** `GOPRIVTE=corp.test` and the like: a go setting misspelt, so its value never applies. */
function misspeltSettings(e: Evidence): Finding[] {
  return (e.ctx?.misspelt ?? []).map(({ name, meant, value, from }) => {
    const where = from === "environment" ? "the environment" : `the ${from}`;
    const current = (e.ctx!.env as unknown as Record<string, string | undefined>)[meant] ?? "";
    const move: Fix =
      from === "environment"
        ? { summary: `Set ${meant} instead, with the same value, where ${name} is set (a shell profile, CI variables, a Dockerfile ENV)`, commands: [`unset ${name}`, `export ${meant}=${shellQuote(value)}`, `go env ${meant}`] }
        : {
            summary: `Write the value under ${meant}, then delete the ${name} line from the go env file`,
            commands: [`go env -w ${meant}=${shellQuote(value)}`, `grep -n '^${name}=' "$(go env GOENV)"`],
            caution: `go env -u cannot remove ${name} (it only knows go's own variables): delete that line by hand.`,
          };
    return makeFinding(IGNORED_SETTING, {
      title: `${name} is not a go setting; did you mean ${meant}?`,
      severity: "warning",
      confidence: 0.8,
      why:
        `${name}=${value} is set in ${where}, but the go command reads no variable of that name, so the value never applies: ` +
        (current === "" ? `${meant} stays unset.` : `${meant} keeps its own value, ${current}.`),
      evidence: [`${name}=${value} (in ${where})`, `${meant}=${current}${originText(e, meant) ? ` (from ${originText(e, meant)})` : ""}`],
      fixes: [move],
    });
  });
}

function insecureCredentials(e: Evidence): Finding[] {
  const lines = goErrorLines(e).filter((l) => /refusing to pass credentials to insecure URL/.test(l));
  if (lines.length === 0) return [];
  return [
    makeFinding(INSECURE_CREDENTIALS, {
      severity: "blocker",
      confidence: 0.95,
      why: "A URL that carries credentials is plain http://; the go command will not send credentials unencrypted, so every request to it fails.",
      evidence: lines.slice(0, 3),
      fixes: [
        (() => {
          const fix = settingFix(e, "Use https for the proxy, keeping the credentials out of the URL", "GOPROXY", "https://<HOST>/<PATH>,direct");
          return { ...fix, commands: ["go env GOPROXY", ...fix.commands] };
        })(),
        { summary: "Put the credentials in ~/.netrc instead (sent only over https)", commands: ["printf 'machine <HOST> login <USER> password <TOKEN>\\n' >> ~/.netrc", "chmod 600 ~/.netrc"] },
      ],
    }),
  ];
}


export const settingsFamily: RuleFamily = {
  family: "settings",
  causes: [GOPROXY_OFF, MOD_VENDOR, BAD_GOPROXY, BAD_GOSUMDB, BAD_PATTERN, TOOLCHAIN, INSECURE_CREDENTIALS, IGNORED_SETTING],
  evaluate(e) {
    return [...badGoproxy(e), ...badGosumdb(e), ...proxyOff(e), ...modVendor(e), ...badPatterns(e), ...switchPatterns(e), ...ignoredSettings(e), ...misspeltSettings(e), ...toolchain(e), ...insecureCredentials(e)];
  },
};
