// A Context for probe tests: loopback-only settings, nothing from the machine.
import type { Context, GoEnv, ModFile, ProcessSettings } from "../../src/context/types.js";

export function makeContext(mod: Partial<ModFile> = {}, env: Partial<GoEnv> = {}, processSettings: ProcessSettings = {}): Context {
  const goEnv: GoEnv = {
    GOPROXY: "off",
    GONOPROXY: "",
    GOPRIVATE: "",
    GONOSUMDB: "",
    GOSUMDB: "off",
    GOINSECURE: "",
    GOFLAGS: "",
    GOMODCACHE: "/nonexistent-gmd-cache",
    GOPATH: "/nonexistent-gmd-gopath",
    GOVCS: "",
    GOTOOLCHAIN: "local",
    GOAUTH: "",
    GOVERSION: "go1.23.5",
    GOENV: "/nonexistent-gmd-goenv",
    GOOS: "linux",
    GOARCH: "amd64",
    ...env,
  } as GoEnv;
  return {
    dir: "/nonexistent-gmd-project",
    goBin: "/usr/lib/go-1.23/bin/go",
    goVersion: "go1.23.5",
    env: goEnv,
    process: { HOME: "/nonexistent-gmd-home", SSL_CERT_FILE: "/nonexistent-gmd-ca.pem", ...processSettings },
    mod: { module: "example.test/app", require: [], replace: [], exclude: [], ...mod },
  };
}
