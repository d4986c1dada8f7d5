// The GOPROXY a pasted log itself shows: the shell line that set it
// (`export GOPROXY=...`, `GOPROXY=... go get`, `go env -w GOPROXY=...`, a
// Dockerfile's `ENV GOPROXY ...`), or a `go env` dump (`GOPROXY="..."`,
// Windows `set GOPROXY=...`, `go env -json`'s `"GOPROXY": "..."`, a CI
// job's `GOPROXY: ...` env listing). Only whole lines of those shapes count:
// go's own errors quote GOPROXY too (`module lookup disabled by GOPROXY=off`),
// and that says nothing about the proxy a request went to.

/** A shell prompt, an xtrace `+`, a Dockerfile instruction, then the assignment. */
const ASSIGNMENT =
  /^\s*(?:(?:[$%#>+]|PS [^>]*>)\s*)?(?:(?:RUN|ENV|ARG)\s+)?(?:(?:export|set|env|setenv)\s+|go env -w\s+|\$env:)?GOPROXY\s*(?:=|(?<=ENV\s+GOPROXY)\s|(?<=setenv\s+GOPROXY)\s)\s*(["']?)([^"'\s]+)\1(?=\s|$|;|&)/;
/** `docker run -e GOPROXY=...`, `docker build --build-arg GOPROXY=...`. */
const FLAG = /(?:^|\s)(?:-e|--env|--build-arg)[ =]GOPROXY=(["']?)([^"'\s]+)\1(?=\s|$)/;
/** `"GOPROXY": "..."` (go env -json), `GOPROXY: ...` (a YAML env block, a CI job's environment listing). */
const KEY_VALUE = /^\s*(?:"GOPROXY"\s*:\s*"([^"]*)"|GOPROXY:\s+(["']?)([^"'\s]+)\2\s*$)/;

/** Every entry of a GOPROXY list: a URL, `direct` or `off` (a value like `$GOPROXY` or `...` is no setting). */
const LIST = /^(?:(?:https?|file):\/\/[^,|\s]+|direct|off)(?:[,|](?:(?:https?|file):\/\/[^,|\s]+|direct|off))*$/;

/** The GOPROXY value a log line sets or shows, else undefined. */
export function goproxyInLine(line: string): string | undefined {
  if (!line.includes("GOPROXY")) return undefined;
  const m = ASSIGNMENT.exec(line) ?? FLAG.exec(line);
  const kv = m ? undefined : KEY_VALUE.exec(line);
  const value = m ? m[2] : (kv?.[1] ?? kv?.[3]);
  return value !== undefined && LIST.test(value) ? value : undefined;
}

/** GOPATH mode's `go get -v` names each repository it clones: `ROOT (download)` (get/get.go); module mode never prints it. */
const GOPATH_DOWNLOAD = /^\s*([a-zA-Z0-9][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)+\/\S*) \(download\)\s*$/;

/** Nix's report of a failed build (`error: builder for '/nix/store/...drv' failed`), or its sandbox's build directory. */
const NIX_BUILD = /builder for '\/nix\/store\/[^']+\.drv' failed|\/nix-build-[^/\s]+\.drv-\d+\//;

/**
 * A proxy variable a shell line sets (`export http_proxy=...`, `HTTP_PROXY=... go install ...`, `set HTTPS_PROXY=...`,
 * `$env:HTTPS_PROXY = '...'`, `docker run -e HTTP_PROXY=...`). go's own lines never print one.
 */
const PROXY_ASSIGNMENT = /(?:^|[\s;&(]|\$env:)(HTTPS?_PROXY|https?_proxy|ALL_PROXY|all_proxy)\s*=\s*(["']?)([^"'\s;&]+)\2/g;

/**
 * Collects the last GOPROXY a log shows, line by line, the first repository a GOPATH-mode go get cloned (the one asked
 * for), and whether the log is a Nix build's.
 */
export class LogSettings {
  goproxy: string | undefined;
  gopathGet: string | undefined;
  nixBuild = false;
  /** HTTP_PROXY (http_proxy) as the log sets it, and whether it also sets HTTPS_PROXY or ALL_PROXY. */
  httpProxy: string | undefined;
  httpsProxySet = false;

  /** HTTP_PROXY when the log sets it but neither HTTPS_PROXY nor ALL_PROXY: go sends https:// requests past it. */
  get httpProxyOnly(): string | undefined {
    return this.httpsProxySet ? undefined : this.httpProxy;
  }

  take(line: string): void {
    if ((line.includes("_PROXY") || line.includes("_proxy")) && !line.startsWith("go: ")) this.takeProxies(line);
    const value = goproxyInLine(line);
    if (value !== undefined) this.goproxy = value;
    else if (this.gopathGet === undefined && line.endsWith("(download)")) this.gopathGet = GOPATH_DOWNLOAD.exec(line)?.[1];
    if (!this.nixBuild && line.includes("nix") && NIX_BUILD.test(line)) this.nixBuild = true;
  }

  private takeProxies(line: string): void {
    for (const m of line.matchAll(PROXY_ASSIGNMENT)) {
      const name = m[1]!.toUpperCase();
      if (name === "HTTP_PROXY") this.httpProxy = m[3]!;
      else this.httpsProxySet = true;
    }
  }
}
