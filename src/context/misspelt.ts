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

/** The most slips meant tolerates: two, in a long name. */
const MAX_SLIPS = 2;

/**
 * Damerau-Levenshtein distance (optimal string alignment): a swap of two
 * neighbours counts 1 (GONOSUMBD). Names whose lengths differ by more than
 * MAX_SLIPS are that far apart at least, and are not compared: a shell's
 * environment has dozens of GO* names (GOMOD_DOCTOR_*, GOTESTSUM_*), and this
 * runs while go downloads.
 */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > MAX_SLIPS) return MAX_SLIPS + 1;
  const width = b.length + 1;
  const d = new Uint8Array((a.length + 1) * width);
  for (let j = 0; j < width; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    d[i * width] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * width + j]! + 1, d[i * width + j - 1]! + 1, d[(i - 1) * width + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * width + j - 2]! + 1);
      d[i * width + j] = v;
    }
  }
  return d[a.length * width + b.length]!;
}

/** KNOWN without underscores, for names written without them (GO_PROXY, GONO_SUMDB). */
const KNOWN_BARE = KNOWN.map((known) => known.replace(/_/g, ""));

/** The go setting `name` most likely meant, or undefined when it is none's look-alike (or a real one). */
export function meantSetting(name: string): string | undefined {
  if (!/^GO[A-Z0-9_]+$/.test(name) || KNOWN.includes(name) || OTHERS.has(name) || (NOT_GO_SETTINGS as readonly string[]).includes(name)) return undefined;
  const bare = name.replace(/_/g, "");
  let best: { known: string; d: number } | undefined;
  for (let k = 0; k < KNOWN.length; k++) {
    const d = Math.min(distance(name, KNOWN[k]!), distance(bare, KNOWN_BARE[k]!));
    if (!best || d < best.d) best = { known: KNOWN[k]!, d };
  }
  // One slip in a short name; two in a long one (GOFALGS is one swap; GOOS and GOGC are two apart, and GOGC is the runtime's).
  return best && best.d <= (best.known.length <= 6 ? 1 : MAX_SLIPS) ? best.known : undefined;
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
