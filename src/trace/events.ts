// The event stream: what the trace parser, the module-cache watcher and the
// process supervisor emit, and what the stall detector consumes. `t` is
// milliseconds on the caller's clock (Date.now() live, line order in logs).

/** What a module-proxy (or related) URL asks for. */
export type RequestKind =
  | "info"
  | "mod"
  | "zip"
  | "list"
  | "latest"
  | "sumdb-supported"
  | "sumdb"
  | "go-import"
  | "toolchain"
  | "other";

/** A URL from the trace, decoded back to what the go command wanted. */
export interface RequestTarget {
  kind: RequestKind;
  /** Module path with case-encoding undone (`github.com/BurntSushi/toml`). */
  module?: string;
  version?: string;
  /** The proxy base URL the request went to (everything before the module path). */
  base?: string;
  /** Checksum database name, when the URL names it (`<proxy>/sumdb/<name>/...`). */
  sumdb?: string;
}

/**
 * A warning the go command prints and then goes on: a retracted version it
 * selected (`go: warning: MOD@VER: retracted by module author: REASON`, or
 * `MOD VER (retracted)` from go list -m -u), and the advice line after it
 * (`go: to switch to the latest unretracted version, run:`).
 */
export type GoNote =
  | { kind: "retracted"; module: string; version: string; reason?: string }
  | { kind: "advice" };

export type Event =
  | { t: number; kind: "http-start"; url: string; offset?: number }
  | {
      t: number;
      kind: "http-end";
      url: string;
      status?: number;
      statusText?: string;
      error?: string;
      seconds?: number;
      /**
       * Set when the line reports on the body of an earlier response rather than a
       * new one (go master resumes broken bodies; go1.23 does not): `interrupted` (a resume with
       * `(offset N)` follows) or `resume-failed` (the download fails).
       */
      body?: "interrupted" | "resume-failed";
    }
  | { t: number; kind: "vcs-start"; command: string; dir?: string }
  | { t: number; kind: "vcs-end"; command: string; dir?: string; seconds?: number }
  /** `mkdir -p DIR # git3 URL`: ties a vcs cache folder to its repository. */
  | { t: number; kind: "vcs-repo"; dir: string; vcs: string; repo: string }
  /** `# lock FILE`: the go command took (or is taking) a flock. */
  | { t: number; kind: "lock"; file: string }
  /** `go: downloading MOD VER` (go build/get/tidy; never go mod download). */
  | { t: number; kind: "downloading"; module: string; version: string }
  /** Bytes of a zip body so far, from the size of its `.zip*.tmp` in the cache. */
  | { t: number; kind: "bytes"; module: string; version: string; bytes: number; file: string }
  /**
   * Bytes of the packs a git fetch is receiving, from the sizes of the
   * partial pack files (`objects/pack/tmp_pack_*`, `*.pack.temp`) in its
   * `cache/vcs/<hash>` folder: git prints nothing while a large fetch runs.
   */
  | { t: number; kind: "vcs-bytes"; dir: string; bytes: number }
  /** The `.zip` appeared in the cache: that download is complete. */
  | { t: number; kind: "zip-done"; module: string; version: string; bytes: number }
  /** The go process waits on a flock held by another process. */
  | {
      t: number;
      kind: "lock-wait";
      file: string;
      holderPid?: number;
      holderCommand?: string;
      waiterPid?: number;
    }
  /** A `go: ...` error line (module/version when the line names one). */
  | { t: number; kind: "go-error"; module?: string; version?: string; message: string }
  /** An indented continuation of the previous error (`\tserver response: ...`). */
  | {
      t: number;
      kind: "go-error-detail";
      message: string;
      /**
       * The module a continuation line names at its start (`\tMOD@VER requires`,
       * `\tMOD@VER: reading ...`, `\tPKG: module MOD: ...`). In a `requires` or
       * `imports` chain the last one named is the module that failed.
       */
      module?: string;
      version?: string;
      /**
       * A chain line indented with one to three spaces (a paste turned its tab
       * into spaces): a continuation only under a chain's head, an error of its
       * own otherwise.
       */
      underChain?: true;
    }
  /**
   * `go: downloading go1.22.0 (linux/amd64)`, `go: switching to ...`. A download
   * names the golang.org/toolchain module version whose zip go fetches next,
   * untraced (the switch comes before -x is read): `v0.0.1-go1.22.0.linux-amd64`.
   */
  | { t: number; kind: "toolchain"; message: string; version?: string; moduleVersion?: string }
  /**
   * Any other line the go command printed (compiler commands, test output): activity.
   * `note` marks a warning go prints and goes on after (not a failure).
   */
  | { t: number; kind: "output"; line: string; note?: GoNote }
  /** One object of `go mod download -json` (printed when all downloads end). */
  | { t: number; kind: "module-result"; module: string; version: string; error?: string }
  | { t: number; kind: "exit"; code: number | null; signal?: string }
  /** Clock tick: lets the detector notice silence. */
  | { t: number; kind: "tick" };

export type EventKind = Event["kind"];
export type EventOf<K extends EventKind> = Extract<Event, { kind: K }>;
