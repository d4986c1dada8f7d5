// GMD903: `diagnose -- go build/test/vet` failed on the command's own errors
// (a compile error, a failing test) after every module it needed was fetched.
// Not a download problem: said plainly, so the report does not read as one.
import type { Finding } from "../report/schema.js";
import { makeFinding, plural } from "./fixes.js";
import type { CauseInfo, RuleFamily } from "./types.js";

export const OWN_FAILURE: CauseInfo = {
  code: "GMD903",
  name: "not-a-download-failure",
  title: "The go command failed on its own errors, not while fetching modules",
  explain:
    "A go command other than a download (`diagnose -- go build ./...`, `go test`, `go vet`) fetched every module it needed and then " +
    "failed on its own work: a compile error, a failing test, a vet report. That is for the code, not the network or the module proxy, " +
    "so no probe is run and the go command's exit code is passed through. The finding quotes the first lines the go command printed.",
};

export const ownFailureFamily: RuleFamily = {
  family: "own-failure",
  causes: [OWN_FAILURE],
  evaluate(e): Finding[] {
    const own = e.ownFailure;
    if (!own || e.outcome !== "failed") return [];
    const modules = e.trace?.modules ?? [];
    const done = modules.filter((m) => m.state === "done").length;
    // `# pkg` headers name the package; the first other line is the error itself.
    const first = own.lines.find((l) => !l.startsWith("# ")) ?? own.lines[0];
    return [
      makeFinding(OWN_FAILURE, {
        title: `${own.command} failed on its own errors, not while fetching modules`,
        severity: "info",
        confidence: 0.9,
        why:
          (modules.length > 0 ? `Every module it needed was fetched (${done}/${plural(modules.length, "module")}); ` : "Every module it needed was in the module cache; ") +
          `${own.command} then failed${first ? ` on: ${first}` : ""}. That is for the code, not the network or the module proxy.`,
        evidence: own.lines.slice(0, 4),
        fixes: [],
      }),
    ];
  },
};
