// GMD511: a GOFLAGS field the go command rejects. go reads GOFLAGS before
// every command but go env and go bug (cmd/go/internal/base/goflags.go) and
// stops at the first field that is no flag any go command knows, or whose
// value the command's flag rejects; nothing is downloaded.
import { parseGoflags } from "../context/goflags.js";
import type { Finding } from "../report/schema.js";
import { failingSeverity, makeFinding, originText, settingFix, unsetFix } from "./fixes.js";
import { goErrorLines } from "./observe.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const BAD_GOFLAGS: CauseInfo = {
  code: "GMD511",
  name: "bad-goflags",
  title: "GOFLAGS holds a flag the go command rejects",
  explain:
    "GOFLAGS is a space-separated list of flags the go command applies to every command that defines them. Each field must be a flag " +
    "some go command knows, written -name or -name=value: go stops with `go: parsing $GOFLAGS: unknown flag -name` (or `non-flag \"x\"` " +
    "for a value written after a space, as in `-mod mod`) before it does anything, and with `invalid value ... (from $GOFLAGS)` when the " +
    "command's flag rejects the value. go env and go bug ignore these errors, so `go env` still works. Drop the field, or write it as -name=value.",
};

/** The field go complains about, by the words of goflags.go (InitGOFLAGS, SetFromGOFLAGS). */
const COMPLAINTS: { re: RegExp; what: (m: RegExpExecArray) => { flag?: string; field?: string; problem: string } }[] = [
  { re: /parsing \$GOFLAGS: non-flag "((?:[^"\\]|\\.)*)"/, what: (m) => ({ field: JSON.parse(`"${m[1]}"`) as string, problem: "is not a flag" }) },
  { re: /parsing \$GOFLAGS: unknown flag -(\S+)/, what: (m) => ({ flag: m[1]!, problem: "is a flag no go command knows" }) },
  { re: /invalid boolean value "((?:[^"\\]|\\.)*)" for flag -{1,2}(\S+) \(from \$GOFLAGS\)/, what: (m) => ({ flag: m[2]!, problem: `takes true or false, not "${m[1]}"` }) },
  { re: /invalid value "((?:[^"\\]|\\.)*)" for flag -{1,2}(\S+) \(from \$GOFLAGS\)/, what: (m) => ({ flag: m[2]!, problem: `rejects the value "${m[1]}"` }) },
  { re: /flag needs an argument: -{1,2}(\S+) \(from \$GOFLAGS\)/, what: (m) => ({ flag: m[1]!, problem: "needs a value (-name=value)" }) },
];

/** The name of a GOFLAGS field (`--mod=mod` -> `mod`). */
function flagName(field: string): string {
  return field.replace(/^--?/, "").split("=")[0]!;
}

function goflagsFinding(e: Evidence): Finding[] {
  const errors = goErrorLines(e);
  let hit: { line: string; flag?: string; field?: string; problem: string } | undefined;
  for (const line of errors) {
    for (const c of COMPLAINTS) {
      const m = c.re.exec(line);
      if (m) {
        hit = { line: line.trim(), ...c.what(m) };
        break;
      }
    }
    if (hit) break;
  }
  if (!hit) return [];
  const value = e.ctx?.env.GOFLAGS;
  const fields = value !== undefined ? parseGoflags(value, e.ctx?.goVersion).flags : [];
  const bad = (f: string): boolean => (hit.field !== undefined ? f === hit.field : flagName(f) === hit.flag);
  const field = fields.find(bad) ?? hit.field ?? `-${hit.flag}`;
  // `-mod mod`: go read the value as a field of its own; joined with '=', it is the flag meant.
  const at = hit.field !== undefined ? fields.indexOf(hit.field) : -1;
  const prev = at > 0 ? fields[at - 1]! : undefined;
  const joined = prev !== undefined && /^--?[^=]+$/.test(prev) ? `${prev}=${hit.field}` : undefined;
  const kept = joined ? [...fields.slice(0, at - 1), joined, ...fields.slice(at + 1)] : fields.filter((f) => !bad(f));
  // A field with blanks in it came quoted (go1.21+ GOFLAGS quoting): written back quoted, as quoted.Join does.
  const written = kept.map((f) => (/\s/.test(f) ? (f.includes("'") ? `"${f}"` : `'${f}'`) : f)).join(" ");
  const from = originText(e, "GOFLAGS");
  const fix = joined
    ? settingFix(e, `Write ${prev} ${hit.field} as one field, ${joined}`, "GOFLAGS", written)
    : kept.length > 0
      ? settingFix(e, `Drop ${field} from GOFLAGS, keeping the other flags`, "GOFLAGS", written)
      : unsetFix(e, `Drop GOFLAGS (it holds only ${field})`, "GOFLAGS", "");
  return [
    makeFinding(BAD_GOFLAGS, {
      title:
        `GOFLAGS${value !== undefined ? `=${JSON.stringify(value)}` : ""}: ` +
        (hit.field !== undefined ? `${JSON.stringify(hit.field)} ${hit.problem}${joined ? ` (write ${joined})` : ""}` : `-${hit.flag} ${hit.problem}`),
      severity: failingSeverity(e),
      confidence: 0.95,
      why:
        `The go command applies GOFLAGS${from ? ` (set in ${from})` : ""} to every command and stops before it downloads anything when a field is ` +
        "not a flag some go command knows (-name or -name=value; a value after a space is a field of its own) or its value is rejected. " +
        "`go env` ignores these errors, so it still shows the setting.",
      evidence: [...(value !== undefined ? [`GOFLAGS=${value}`] : []), hit.line],
      fixes: [fix],
    }),
  ];
}

export const goflagsFamily: RuleFamily = {
  family: "goflags",
  causes: [BAD_GOFLAGS],
  evaluate: goflagsFinding,
};
