// GMD310: a module version its author retracted. The go command warns and
// goes on (`go: warning: MOD@VER: retracted by module author: REASON`), so
// this never fails a run: it is advice, with the author's reason and go's
// own command to move off it.
import type { Finding } from "../report/schema.js";
import type { GoWarningState } from "../stall/types.js";
import { failingSeverity, makeFinding, plural } from "./fixes.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const RETRACTED_VERSION: CauseInfo = {
  code: "GMD310",
  name: "retracted-version",
  title: "A module version in use was retracted by its author",
  explain:
    "The module's author listed this version in a `retract` directive of a later go.mod (a bug, a security problem, a version published by " +
    "mistake). The go command still uses it when go.mod asks for it, warns (`retracted by module author: REASON`) and prints the command " +
    "that moves to the latest version that is not retracted: `go get MOD@latest`. `go list -m -u all` marks such versions `(retracted)`. " +
    "It does not fail the download; read the reason, then upgrade.",
};

/** `go get MOD@latest` lines go printed as advice under the warnings, else one per module. */
function adviceCommands(warnings: GoWarningState[]): string[] {
  const printed = warnings.flatMap((w) => w.details.filter((d) => /^go get \S+@\S+$/.test(d.trim())).map((d) => d.trim()));
  // With several retracted modules go prints `go get <module>@latest`: name each one instead.
  const usable = printed.filter((c) => !c.includes("<module>"));
  if (usable.length > 0 && usable.length >= new Set(warnings.map((w) => w.module)).size) return [...new Set(usable)];
  return [...new Set(warnings.map((w) => `go get ${w.module}@latest`))];
}

/** `go list -m: MOD@VER: retracted by module author[: REASON]`: a retraction go stopped on (an error, not a warning). */
const RETRACTED_ERROR = /([^\s@:"]+)@([^\s@:"]+): retracted by module author(?:: (.*))?$/;

function retractionErrors(e: Evidence): GoWarningState[] {
  return (e.trace?.errors ?? []).flatMap((x) => {
    const m = RETRACTED_ERROR.exec(x.message);
    return m ? [{ kind: "retracted" as const, module: m[1]!, version: m[2]!, ...(m[3] ? { reason: m[3] } : {}), message: x.message, details: x.details }] : [];
  });
}

function retracted(e: Evidence): Finding[] {
  const stopped = retractionErrors(e);
  const warnings = [...stopped, ...(e.trace?.warnings?.filter((w) => w.kind === "retracted") ?? [])];
  if (warnings.length === 0) return [];
  const first = warnings[0]!;
  const id = `${first.module}@${first.version}`;
  const reasons = warnings.filter((w) => w.reason);
  return [
    makeFinding(RETRACTED_VERSION, {
      title:
        warnings.length === 1
          ? `${id} was retracted by its author${first.reason ? `: ${first.reason}` : ""}`
          : `${plural(warnings.length, "module version")} in use were retracted by their authors (${id} and more)`,
      severity: stopped.length > 0 ? failingSeverity(e) : "warning",
      confidence: 0.95,
      why:
        `The go command ${stopped.length > 0 ? "stopped on" : "used"} ${warnings.length === 1 ? "this version" : "these versions"}${stopped.length > 0 ? ":" : " and warned that"} the author retracted ` +
        `${warnings.length === 1 ? "it" : "them"}${reasons.length > 0 ? ` (${reasons.map((w) => `${w.module}@${w.version}: "${w.reason}"`).slice(0, 3).join("; ")})` : ""}. ` +
        (stopped.length > 0 ? "A requirement (often of a dependency) still names it: upgrade that module or this one." : "This is not what failed or stopped the run; the download itself goes on."),
      evidence: warnings.slice(0, 4).map((w) => w.message),
      modules: [...new Set(warnings.map((w) => w.module))],
      fixes: [
        {
          summary: "Move to the latest version that is not retracted (go's own advice), then check what changed",
          commands: adviceCommands(warnings),
          caution: "An upgrade may change behaviour: read the module's release notes; `go list -m -retracted -versions MOD` lists every version.",
        },
      ],
    }),
  ];
}

export const retractedFamily: RuleFamily = {
  family: "retracted",
  causes: [RETRACTED_VERSION],
  evaluate: retracted,
};
