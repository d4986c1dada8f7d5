// The effective settings the go command uses, read once before anything runs.

/** The subset of `go env -json` gomod-doctor reads; absent keys are "". */
export interface GoEnv {
  GOPROXY: string;
  GONOPROXY: string;
  GOPRIVATE: string;
  GONOSUMDB: string;
  GOSUMDB: string;
  GOINSECURE: string;
  GOFLAGS: string;
  GOMODCACHE: string;
  GOPATH: string;
  GOVCS: string;
  GOTOOLCHAIN: string;
  GOAUTH: string;
  GOVERSION: string;
  GOENV: string;
  GOOS: string;
  GOARCH: string;
  [key: string]: string;
}

export interface Requirement {
  path: string;
  version: string;
  indirect: boolean;
}

export interface Replacement {
  oldPath: string;
  oldVersion?: string;
  newPath: string;
  newVersion?: string;
  /** A replacement by a file-system path needs no download. */
  local: boolean;
  /** The file the replace is written in, when not go.mod (a workspace's go.work). */
  file?: "go.work";
  /** A directory replacement: the absolute directory the go command reads DIR/go.mod from... */
  dir?: string;
  /** ...and what is there (checked when the context is read). */
  dirState?: ReplaceDirState;
}

export type ReplaceDirState = "ok" | "missing" | "not-a-directory" | "no-go-mod";

/** go.mod as read by `go mod edit -json` (no network). */
export interface ModFile {
  module: string;
  go?: string;
  toolchain?: string;
  require: Requirement[];
  replace: Replacement[];
  exclude: { path: string; version: string }[];
  /**
   * The local go rejected only syntax newer than itself (a three-part go line,
   * a toolchain line): go's first complaint; the fields were read from the text.
   */
  newerSyntax?: string;
}

/** Environment variables the go command (or git/ssh it runs) reads from the process, not go env. */
export interface ProcessSettings {
  HTTP_PROXY?: string;
  HTTPS_PROXY?: string;
  NO_PROXY?: string;
  ALL_PROXY?: string;
  SSL_CERT_FILE?: string;
  SSL_CERT_DIR?: string;
  NODE_EXTRA_CA_CERTS?: string;
  GIT_TERMINAL_PROMPT?: string;
  GIT_SSH?: string;
  GIT_SSH_COMMAND?: string;
  GIT_ASKPASS?: string;
  SSH_ASKPASS?: string;
  GCM_INTERACTIVE?: string;
  NETRC?: string;
  HOME?: string;
}

export interface Context {
  /** Absolute module root (the directory holding go.mod), or in workspace mode the directory holding go.work. */
  dir: string;
  /** The directory go runs in, when it is not dir (a subdirectory of the module or workspace). */
  runDir?: string;
  /** Workspace mode: the go.work file in effect; mod then merges the workspace's modules. */
  workFile?: string;
  /** Workspace mode: the absolute directories go.work uses. */
  workModules?: string[];
  /** The go binary that was resolved (absolute when found on PATH). */
  goBin: string;
  /** `go1.23.5` style, from go env GOVERSION. */
  goVersion: string;
  env: GoEnv;
  process: ProcessSettings;
  mod: ModFile;
  /** go.mod's toolchain/go line when newer than the local go: go would try to download it. */
  toolchainWanted?: string;
  /** `go env` failed (e.g. a malformed setting in the go env file): its first error line. */
  envError?: string;
  /** Where each set go setting comes from, the winning layer first (absent key: the default). */
  settingSources?: Record<string, ("environment" | "go env file" | "GOROOT/go.env")[]>;
  /** Both spellings of NO_PROXY set to different values: go reads the upper-case one when it is non-empty (httpproxy getEnvAny). */
  noProxySpellings?: { NO_PROXY: string; no_proxy: string; used: "NO_PROXY" | "no_proxy" };
  /** GO* variables go does not know that look like one of its settings misspelt (GOPRIVTE, GO_PROXY). */
  misspelt?: { name: string; meant: string; value: string; from: "environment" | "go env file" | "GOROOT/go.env" }[];
}
