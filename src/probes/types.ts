// Probes gather facts about one link of the chain; rules judge them.
import type { Context } from "../context/types.js";
import type { ProbeResult } from "../report/schema.js";
import type { TraceSummary } from "../stall/types.js";

export type { ProbeResult };

/** Why probes run: the run's outcome so far and what it points at. */
export interface Trigger {
  reason: "stall" | "failure" | "preflight" | "analyze";
  trace?: TraceSummary;
}

export interface ProbeOptions {
  /** Per-probe deadline in ms; the runner also enforces it. */
  timeoutMs: number;
  /** Measure public mirrors (off in diagnose unless --mirrors). */
  mirrors: boolean;
  /** Mirror base URLs to measure (defaults to the well-known public ones). */
  mirrorUrls: string[];
  /** Extra CA bundle paths to consider "trusted by an extra CA" (SSL_CERT_FILE etc.). */
  now: () => number;
  /** Names the `network` probe resolves instead of the well-known public ones (tests: loopback/.invalid only). */
  networkNames?: string[];
}

/**
 * One probe family. `plan` expands it into concrete targets (one per GOPROXY
 * entry, per host...): each returned task runs in parallel under the runner's
 * deadline and must honour `signal`.
 */
export interface Probe {
  id: string;
  title: string;
  plan(ctx: Context, trigger: Trigger, options: ProbeOptions): ProbeTask[];
}

export interface ProbeTask {
  /** Unique per run: `<probe>:<target>`. */
  id: string;
  probe: string;
  title: string;
  /** Redacted target for display. */
  target: string;
  run(signal: AbortSignal): Promise<Omit<ProbeResult, "id" | "probe" | "title" | "target" | "ms">>;
}

// ---- Facts: the shapes probes put in ProbeResult.facts, read by the rules ----

/** One network step: DNS, TCP, TLS or HTTP. `code` classifies a failure (cause.code, e.g. ENOTFOUND). */
export interface StepFacts {
  ok: boolean;
  ms: number;
  code?: string;
  message?: string;
}

export interface DnsFacts extends StepFacts {
  host: string;
  addresses: string[];
}

export interface TcpFacts extends StepFacts {
  address?: string;
  port: number;
}

/** readSshBanner: the first line an ssh server sends (probes/net/ssh-banner.ts). */
export interface SshBannerFacts extends StepFacts {
  host: string;
  port: number;
  /** When the TCP connection was accepted (absent when it never was). */
  connectMs?: number;
  /**
   * banner: an `SSH-…` line came; silent: connected, nothing within the deadline; closed/reset: the server
   * ended the connection first; not-ssh: it answered something else (HTTP, TLS); refused, connect-timeout, dns, connect-failed: no connection.
   */
  outcome: "banner" | "silent" | "closed" | "reset" | "not-ssh" | "refused" | "connect-timeout" | "dns" | "connect-failed";
  banner?: string;
  /** The first line of a non-ssh answer (printable characters only). */
  firstLine?: string;
}

export interface TlsFacts extends StepFacts {
  protocol?: string;
  subject?: string;
  issuer?: string;
  validFrom?: string;
  validTo?: string;
  hostnameMatch?: boolean;
  /** Trusted by the system roots, only by an extra CA (SSL_CERT_FILE/DIR), or not at all. */
  trust?: "system" | "extra-ca" | "untrusted";
  /** Node's authorizationError code (SELF_SIGNED_CERT_IN_CHAIN, CERT_HAS_EXPIRED...). */
  authorizationError?: string;
  /**
   * The server sent its certificate without the one that signed it, and the
   * certificate names where that issuer is published (authorityInfoAccess
   * caIssuers): an incomplete chain. Browsers fetch the issuer; go does not.
   */
  missingIssuer?: { caIssuersUrl: string };
}

export interface HttpFacts extends StepFacts {
  url: string;
  status?: number;
  /** The server's reason phrase after the status (`200 OK`, `203 Served from cache`), printable ASCII, capped; absent over HTTP/2. */
  reason?: string;
  /** Time to first byte of the response headers. */
  ttfbMs?: number;
  /** Start of the body, capped and redacted. */
  bodySnippet?: string;
  bytes?: number;
  /** Throughput reads only, and only while the body kept coming (absent for a stalled body). */
  bytesPerSecond?: number;
  /** A stalled throughput read (BODY_STALLED): how long the body had sent nothing when the read ended. */
  silentMs?: number;
  /** The whole file's size as the server announced it (Content-Range total, or a 200's Content-Length). */
  totalBytes?: number;
  /** Redirects followed, in order (redacted); at most 5 before TOO_MANY_REDIRECTS. */
  redirects?: string[];
  /** The Retry-After header of a 429 or 503 answer (seconds or an HTTP date), as sent, capped. */
  retryAfter?: string;
}

/** A proxy's `@v/list` of the module, read after it said the version asked for is not there. */
export interface ModuleListFacts extends HttpFacts {
  /** Valid versions listed (only for a 2xx answer that is a real list). */
  versions?: number;
  /** The version asked for is among them. */
  listsVersion?: boolean;
  /** The newest few, newest first. */
  newest?: string[];
}

/** Facts of `goproxy:*`, `mirror:*` and `sumdb:*` probes. */
/** What ~/.netrc holds for one host: presence and whether a password is set, never the password. */
export interface NetrcFacts {
  file?: string;
  hasHost: boolean;
  hasPassword: boolean;
}

export interface EndpointFacts {
  url: string;
  host: string;
  port: number;
  /** The HTTP(S)_PROXY this endpoint is reached through, if any (redacted). */
  viaProxy?: string;
  dns?: DnsFacts;
  tcp?: TcpFacts;
  tls?: TlsFacts;
  http?: HttpFacts;
  /** Bounded ranged read of the stuck zip. */
  zip?: HttpFacts;
  /** The module's version list, when the proxy answered 404/410 for one version of it. */
  list?: ModuleListFacts;
  /** The module the protocol request asked about (the stuck one, or the first required). */
  module?: string;
  /** The endpoint's own URL, asked alongside a protocol request that then timed out (rootAlongside). */
  root?: HttpFacts;
  /** Where the failure is: the first step that failed. */
  failedStep?: "dns" | "tcp" | "tls" | "http" | "zip";
  /**
   * For an http:// endpoint whose plain request was closed unanswered or answered 400: a TLS handshake
   * at the same port. A `protocol` means the port speaks TLS (the entry wants https://).
   */
  tlsOnPort?: TlsFacts;
  /** For an https GOPROXY entry: what ~/.netrc holds for its host (go sends it only over https); never the password. */
  netrc?: NetrcFacts;
}

/** Facts of `file-proxy:*`: a file:// GOPROXY entry, a directory laid out like a proxy. */
export interface FileProxyFacts {
  url: string;
  /** The local directory the URL names ("" when it names none). */
  dir: string;
  state: "ok" | "missing" | "not-a-directory" | "unreadable" | "bad-url";
  /** Names at its top level (module path roots): 0 is an empty copy. */
  entries?: number;
  /** The files go's errors say it could not read, and what is there now. */
  files: { url: string; path: string; state: "present" | "missing" | "unreadable" | "directory" }[];
  /** Required modules (through the proxy list) without both their .mod and .zip in it. */
  missingModules: string[];
  checkedModules: number;
}

/** Facts of `http-proxy:*`: one HTTP(S)_PROXY/ALL_PROXY setting. */
export interface HttpProxyFacts {
  variable: string;
  /** Redacted proxy URL. */
  url: string;
  noProxy: string;
  /** NO_PROXY and no_proxy both set, differently: both values and the one the go command uses (upper case, unless empty). */
  noProxySpellings?: { NO_PROXY: string; no_proxy: string; used: "NO_PROXY" | "no_proxy" };
  /** Which probed endpoints go through it, per the go command's rules. */
  routes: { endpoint: string; proxied: boolean }[];
  dns?: DnsFacts;
  tcp?: TcpFacts;
  /** CONNECT to the first proxied https endpoint: status or failure. */
  connect?: StepFacts & { status?: number; target?: string };
}

/** Facts of `sumdb:*`. */
export interface SumdbFacts {
  /** GOSUMDB name (`sum.golang.org`) or "off". */
  name: string;
  url?: string;
  /** Status of `<proxy>/sumdb/<name>/supported` per proxy entry, when asked. */
  proxySupported?: { proxy: string; status?: number; code?: string }[];
  endpoint?: EndpointFacts;
  /** Required modules that look private yet would be looked up in this database. */
  privateLookups: string[];
}

/** How the go command routes one required module, and why. */
export interface ModuleRoute {
  path: string;
  version: string;
  /** `proxy` (via GOPROXY list), `direct` (VCS), `off`, or `local` (replaced by a directory). */
  route: "proxy" | "direct" | "off" | "local";
  /** Matches GOPRIVATE/GONOPROXY. */
  noProxy: boolean;
  /** Matches GOPRIVATE/GONOSUMDB (or GOSUMDB=off). */
  noSumdb: boolean;
  insecure: boolean;
  /** Why it looks private (a proxy said not found, non-public host), if it does. */
  looksPrivate?: string;
}

/** Facts of the `private-modules` probe. */
export interface PrivateModulesFacts {
  routes: ModuleRoute[];
  /** Modules that look private but match no GOPRIVATE/GONOPROXY pattern. */
  uncovered: string[];
  /** The narrowest GOPRIVATE value that would cover them, merged with the current one. */
  suggestedGoprivate?: string;
}

/** Facts of `vcs:<host>`: the direct (VCS) path for one host. */
export interface VcsFacts {
  host: string;
  modules: string[];
  /** metaTags: every matching non-mod tag (`prefix vcs repo`), set only when more than one matches (go then refuses the page). */
  goImport?: HttpFacts & { meta?: { prefix: string; vcs: string; repo: string }; metaTags?: string[] };
  lsRemote?: StepFacts & {
    repo: string;
    /** auth | prompt | host-key | ssh-handshake | not-found | timeout | refused | dns | tls | unknown */
    kind?: string;
    stderr?: string;
  };
  /**
   * git's URL goes to ssh (an ssh repository, or an insteadOf rewrite to one): that URL, the rule that
   * made it (when one did), and the server's first words.
   */
  ssh?: { url: string; rule?: { from: string; to: string }; banner: SshBannerFacts };
  netrc: NetrcFacts;
  insteadOf: { from: string; to: string }[];
  credentialHelpers: string[];
  goauth?: string;
  /** GIT_TERMINAL_PROMPT / GIT_SSH_COMMAND / GCM_INTERACTIVE as the user set them. */
  promptSettings: Record<string, string>;
  /** The user's settings let git or ssh prompt (the go command's defaults are overridden). */
  canPrompt: boolean;
}

/** Facts of `modcache`. */
export interface ModcacheFacts {
  dir: string;
  exists: boolean;
  writable: boolean;
  writeError?: string;
  /** The file that stands where the cache directory (or one of its parents) should be, when one does. */
  notDirectory?: string;
  /** Permission bits of the cache dir (or its nearest existing ancestor), e.g. `0755`. */
  mode?: string;
  /** The mount holding the cache is read-only (from /proc/self/mountinfo; absent when unknown). */
  readOnlyMount?: boolean;
  /** Where that read-only file system is mounted (set only when it is read-only). */
  readOnlyMountPoint?: string;
  /**
   * When the cache is not writable: the first of $HOME/go/pkg/mod,
   * $HOME/.cache/go-mod and $TMPDIR/go-mod this user could create (absent when
   * none could be: a read-only root file system with nothing writable mounted).
   */
  writableAlternative?: string;
  /** When the cache is not writable: whether `go env -w` could write the go env file (GOENV). */
  goEnvFileWritable?: boolean;
  freeBytes?: number;
  totalBytes?: number;
  /**
   * Partial downloads (`.zip*.tmp`, `.tmp-*`, `.partial`). `heldBy`: a live
   * process holds that version's `.lock`, so the file is in use (being
   * written), not left over.
   */
  orphans: { file: string; bytes: number; ageMs: number; heldBy?: number }[];
  /** Cached zips the go command's errors name (`unzip FILE.zip: ...`): what the cache holds there now. */
  namedZips?: { file: string; exists: boolean; bytes?: number; ageMs?: number; ziphash?: boolean }[];
  lockHolders: { file: string; pid: number; command?: string; waiters: number[] }[];
  /** Whether /proc/locks could be read (Linux only). */
  locksReadable: boolean;
  goflags: { modVendor: boolean; modcacherw: boolean; modReadonly: boolean };
}

/** Facts of `network`: are well-known names resolvable at all (offline vs one host blocked). */
export interface NetworkFacts {
  names: { host: string; ok: boolean; code?: string; ms: number }[];
}
