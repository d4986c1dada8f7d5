// GMD206: the checksum database's signed tree head fails verification against
// GOSUMDB's key (golang.org/x/mod/sumdb/note Open, quoted by the sumdb client
// as `reading tree note: ...`): the key is not that server's, or something in
// between changes its answers. Not an unreachable database, not a private module.
import { parseGosumdb } from "../context/sumdb.js";
import type { Finding } from "../report/schema.js";
import { failingSeverity, makeFinding, settingFix } from "./fixes.js";
import { SUMDB_PATH } from "./observe.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const SUMDB_NOTE_UNVERIFIED: CauseInfo = {
  code: "GMD206",
  name: "sumdb-note-unverified",
  title: "The checksum database's signed tree head fails verification",
  explain:
    "Every answer of the checksum database carries its signed tree head, a note signed with the database's key; the go command verifies it " +
    "with the key GOSUMDB names (built in for sum.golang.org) and stops with `reading tree note: ...` when it cannot: `note has no verifiable " +
    "signatures` (signed only by keys GOSUMDB does not name), `invalid signature for key NAME+HASH` (the named key did not make that signature), " +
    "`malformed note` (no signature at all). Either GOSUMDB's key is not that server's (copied from another database, or its key changed), or " +
    "something between here and the database (a proxy relaying /sumdb/, an intercepting middlebox) changes or fakes its answers. " +
    "Compare `go env GOSUMDB` with the signature line the database sends at /latest. Never turn verification off to get past it " +
    "(GOSUMDB=off, GONOSUMDB=*): that accepts whatever that server sends.",
};

type Reason = "unknown-signer" | "invalid-signature" | "unsigned" | "mismatched";

const NOTE_FAILURE =
  /reading tree note: (note has no verifiable signatures|invalid signature for key (\S+)|malformed note|unknown key (\S+)|ambiguous key (\S+)|verifier name or hash doesn't match signature)/;

/** `— NAME BASE64`: the signer's name and key hash (the signature's first four bytes). */
function signerOf(line: string): string | undefined {
  const m = /^— (\S+) ([A-Za-z0-9+/]+=*)$/.exec(line.trim());
  if (!m) return undefined;
  const raw = Buffer.from(m[2]!, "base64");
  return raw.length >= 4 ? `${m[1]}+${raw.readUInt32BE(0).toString(16).padStart(8, "0")}` : m[1];
}

function reasonOf(text: string): Reason {
  if (/no verifiable signatures|unknown key/.test(text)) return "unknown-signer";
  if (/invalid signature/.test(text)) return "invalid-signature";
  if (/malformed note/.test(text)) return "unsigned";
  return "mismatched";
}

/** GOSUMDB's key as `NAME+HASH`, when the context has it. */
function configuredKey(e: Evidence): { name: string; id?: string; url?: string; explicitUrl: boolean } | undefined {
  if (!e.ctx) return undefined;
  const db = parseGosumdb(e.ctx.env.GOSUMDB ?? "");
  if (db.off || db.error !== undefined) return undefined;
  const id = db.key?.split("+").slice(0, 2).join("+");
  return { name: db.name, ...(id ? { id } : {}), url: db.url, explicitUrl: db.explicitUrl };
}

function why(reason: Reason, key: string, signers: string[], where: string): string {
  const signed = signers.length > 0 ? `signed by ${signers.join(", ")}` : "";
  switch (reason) {
    case "unknown-signer":
      return (
        `The tree head sent by ${where} is ${signed || "signed"}, but not by ${key}, the key the go command verifies with. ` +
        "GOSUMDB's key is not this server's (copied from another database, or the database's key changed), or something in between answers in its place."
      );
    case "invalid-signature":
      return (
        `The tree head sent by ${where} names ${key} as its signer, but that key did not make the signature: the answer was changed on its way ` +
        "(a proxy or middlebox rewriting it), or the server signs with another key than the one it publishes under that name."
      );
    case "unsigned":
      return (
        `The tree head sent by ${where} carries no signature the go command can read${signed ? ` (${signed})` : ""}: what answers there speaks the ` +
        "database's format but is not a checksum database that signs (a stand-in, a cache that strips signatures), or the answer was cut."
      );
    default:
      return `The tree head sent by ${where} names a key that does not match its signature${signed ? ` (${signed})` : ""}.`;
  }
}

function noteFailures(e: Evidence): Finding[] {
  const hits = (e.trace?.errors ?? []).filter((x) => NOTE_FAILURE.test(x.message));
  if (hits.length === 0) return [];
  const first = hits[0]!;
  const failure = NOTE_FAILURE.exec(first.message)!;
  const reason = reasonOf(failure[1]!);
  const signers = [...new Set(hits.flatMap((h) => h.details.map(signerOf)).filter((s): s is string => !!s))];
  const modules = [...new Set(hits.map((h) => h.module).filter((m): m is string => !!m))].sort();
  const configured = configuredKey(e);
  // Where the answer came from: the lookups this run made (through a proxy's /sumdb/, or the database's URL).
  const lookup = (e.trace?.requests ?? []).find((r) => /\/lookup\//.test(r.url))?.url;
  const proxied = lookup ? SUMDB_PATH.exec(lookup) : null;
  const base = proxied ? `${proxied[1]}/sumdb/${proxied[2]}` : lookup ? lookup.slice(0, lookup.indexOf("/lookup/")) : configured?.url;
  const name = proxied?.[2] ?? configured?.name ?? failure[2]?.split("+")[0] ?? signers[0]?.split("+")[0] ?? "the checksum database";
  const where = proxied ? `the proxy ${proxied[1]} (relaying ${name})` : base ? `${name} at ${base}` : name;
  const key = configured?.id ?? failure[2] ?? `GOSUMDB's key for ${name}`;
  const reasonText = failure[1]!.replace(/ for key \S+$/, "");
  const fixes: Finding["fixes"] = [
    {
      summary: `Compare the key go verifies with (go env GOSUMDB) with the signature line ${base ? "the database sends" : "of the tree head"}: \`— NAME BASE64\`, whose first four bytes are the key hash`,
      commands: ["go env GOSUMDB", ...(base ? [`curl -sS -m 10 ${base}/latest`] : [])],
      caution: "Do not turn verification off to get past it (GOSUMDB=off, GONOSUMDB=*): that accepts whatever this server sends.",
    },
  ];
  if (proxied) {
    const direct = settingFix(
      e,
      `Verify against ${name} itself, not through ${proxied[1]}: an explicit URL in GOSUMDB bypasses the proxies (verification stays on)`,
      "GOSUMDB",
      name === "sum.golang.org" ? "sum.golang.org https://sum.golang.org" : `<${name}+KEY> https://${name}`,
    );
    fixes.push(direct);
  } else if (name === "sum.golang.org" && configured && configured.id !== undefined && configured.id !== "sum.golang.org+033de0ae") {
    fixes.push(settingFix(e, "GOSUMDB carries a key for sum.golang.org that is not its own: go has the right one built in", "GOSUMDB", "sum.golang.org"));
  } else {
    const value = `${name}+<HASH>+<KEY>${configured?.explicitUrl && configured.url ? ` ${configured.url}` : ""}`;
    fixes.push(settingFix(e, `Ask ${name}'s operators for its current verifier key (NAME+HASH+KEY) and set it in GOSUMDB`, "GOSUMDB", value));
  }
  if (/initializing sumdb\.Client/.test(first.message)) {
    fixes.push({
      summary: "The failing tree head is the one this machine stored from an earlier run: after a deliberate key change, the stored head of the old key no longer verifies",
      commands: [`ls "$(go env GOPATH)/pkg/sumdb/${name}"`],
      caution: "Remove the stored head only once you know the key change is legitimate: it is what detects a database that forks its log.",
    });
  }
  return [
    makeFinding(SUMDB_NOTE_UNVERIFIED, {
      title: `The checksum database ${name}'s signed tree head fails verification (${reasonText})`,
      severity: failingSeverity(e),
      confidence: 0.9,
      why: why(reason, key, signers, where) + " No new module can be verified until the key and the server agree.",
      evidence: [
        first.message.split("\n")[0]!,
        ...signers.map((s) => `signature line names ${s}`),
        ...(configured?.id ? [`GOSUMDB's key: ${configured.id}`] : []),
        ...(lookup ? [`answered: ${lookup}`] : []),
      ].slice(0, 5),
      modules,
      fixes,
    }),
  ];
}

export const sumdbKeyFamily: RuleFamily = {
  family: "sumdb-key",
  causes: [SUMDB_NOTE_UNVERIFIED],
  evaluate: noteFailures,
};
