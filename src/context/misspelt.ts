// GO* variables set in the environment or the go env file that the go command
// does not know, and the go setting each one most likely meant: GOPRIVTE,
// GO_PROXY, GONOSUMBD. go ignores them silently (cfg.Getenv reads only its own
// names), so the value a user thinks is in effect never is.
import { redactText } from "../util/redact.js";
import { NOT_GO_SETTINGS, type EnvLayers, type SettingSource } from "./env-files.js";

/** internal/cfg KnownEnv (go1.23) with the GO* names only, plus GOAUTH (go1.24). */
const KNOWN = (
  "GO111MODULE GO386 GOAMD64 GOARCH GOARM GOARM64 GOAUTH GOBIN GOCACHE GOCACHEPROG GOENV GOEXE GOEXPERIMENT GOFLAGS GOGCCFLAGS GOHOSTARCH " +
  "GOHOSTOS GOINSECURE GOMIPS GOMIPS64 GOMODCACHE GONOPROXY GONOSUMDB GOOS GOPATH GOPPC64 GOPRIVATE GOPROXY GORISCV64 GOROOT GOSUMDB GOTMPDIR " +
  "GOTOOLCHAIN GOTOOLDIR GOVCS GOWASM GOWORK GO_EXTLINK_ENABLED"
).split(" ");

/** GO* names read by the runtime, go's other tools, or commonly by other programs: set on purpose, not misspelt. */
const OTHERS = new Set(
  (
    "GOGC GODEBUG GOMAXPROCS GOTRACEBACK GOMEMLIMIT GORACE GOCOVERDIR GOROOT_BOOTSTRAP GOROOT_FINAL GOLANG_VERSION GOPACKAGESDRIVER GOTELEMETRY " +
    "GOTELEMETRYDIR GOFIPS140 GOVERSION GOMOD GOTESTFLAGS GOLANGCI_LINT_CACHE GOPLS GOFUMPT GOIMPORTS GO_VERSION GOLANG GOTOOLS GO_BUILD_FLAGS"
  ).split(" "),
);

export interface MisspeltSetting {
  name: string;
  /** The go setting it most likely stands for. */
  meant: string;
  /** Its value, credentials redacted. */
  value: string;
  from: SettingSource;
}

/** Damerau-Levenshtein distance (optimal string alignment): a swap of two neighbours counts 1 (GONOSUMBD). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The go setting `name` most likely meant, or undefined when it is none's look-alike (or a real one). */
export function meantSetting(name: string): string | undefined {
  if (!/^GO[A-Z0-9_]+$/.test(name) || KNOWN.includes(name) || OTHERS.has(name) || (NOT_GO_SETTINGS as readonly string[]).includes(name)) return undefined;
  const bare = name.replace(/_/g, "");
  let best: { known: string; d: number } | undefined;
  for (const known of KNOWN) {
    const d = Math.min(distance(name, known), distance(bare, known.replace(/_/g, "")));
    if (!best || d < best.d) best = { known, d };
  }
  // One slip in a short name; two in a long one (GOFALGS is one swap; GOOS and GOGC are two apart, and GOGC is the runtime's).
  return best && best.d <= (best.known.length <= 6 ? 1 : 2) ? best.known : undefined;
}

/** Misspelt go settings in the process environment and the user's go env file. */
export function misspeltSettings(layers: EnvLayers): MisspeltSetting[] {
  const out: MisspeltSetting[] = [];
  const scan = (vars: Record<string, string | undefined>, from: SettingSource) => {
    for (const [name, value] of Object.entries(vars)) {
      const meant = value ? meantSetting(name) : undefined;
      if (meant && !out.some((m) => m.name === name)) out.push({ name, meant, value: redactText(value!), from });
    }
  };
  scan(layers.process, "environment");
  scan(layers.user, "go env file");
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
