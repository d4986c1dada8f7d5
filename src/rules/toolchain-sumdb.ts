// GMD506's form for a toolchain download that GOSUMDB=off stops: go verifies
// every golang.org/toolchain zip against the checksum database, even under
// GOSUMDB=off or a GONOSUMDB that matches it (modfetch/sumdb.go useSumDB:
// toolchains cannot be listed in go.sum), so the download fails with
// `verifying module: checksum database disabled by GOSUMDB=off`.
import type { Finding } from "../report/schema.js";
import { makeFinding, unsetFix } from "./fixes.js";
import type { CauseInfo, Evidence } from "./types.js";

const SUMDB_OFF = /golang\.org\/toolchain@\S+: verifying module: checksum database disabled by GOSUMDB=off/;

export function toolchainSumdbOff(e: Evidence, cause: CauseInfo, lines: string[], wanted: string | undefined, evidence: string[]): Finding | undefined {
  const line = lines.find((l) => SUMDB_OFF.test(l));
  if (!line) return undefined;
  const release = wanted ? `go${wanted}` : "the toolchain";
  return makeFinding(cause, {
    title: `GOSUMDB=off stops the download of ${release}: go verifies every toolchain it downloads against the checksum database`,
    severity: "blocker",
    confidence: 0.95,
    why:
      `go.mod (or GOTOOLCHAIN) asks for ${release}, newer than the local go, so the go command downloads it as the module golang.org/toolchain. ` +
      "A toolchain cannot be listed in go.sum, so go always checks it against the checksum database, whatever GOSUMDB=off or GONOSUMDB say; " +
      "with the database turned off, the download fails. GOSUMDB=off is usually there for private modules: GONOSUMDB (or GOPRIVATE) keeps " +
      "those out of the database without turning it off for everything.",
    evidence: [...new Set([...evidence.slice(0, 1), line])],
    fixes: [
      unsetFix(e, "Turn the checksum database back on (the default, sum.golang.org); list private modules in GONOSUMDB or GOPRIVATE instead", "GOSUMDB", "sum.golang.org"),
      { summary: "Or for this command only", commands: ["GOSUMDB=sum.golang.org go mod download"], caution: "The checksum database must be reachable (directly or through GOPROXY)." },
      { summary: `Or install ${release} yourself, put it first on PATH, and keep the local go`, commands: ["GOTOOLCHAIN=local go mod download"] },
    ],
  });
}
