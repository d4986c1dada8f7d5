// Secret redaction for every line the tool prints or stores. Pure, idempotent
// (redacting twice changes nothing), never throws, and cheap enough to run on
// each output line.

const MASK = "***";

/** `scheme://userinfo@` anywhere: the whole userinfo goes, user name included (but `ssh://git@`, the hosts' shared ssh user, is no secret). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)(?!git@)[^\s/?#@"'<>]+@/gi;
/**
 * Scheme-less `user:pass@host` (HTTP_PROXY accepts it) at the start of a value;
 * not a Windows path to a module directory (`d:\go\pkg\mod\x@v1.0.0`).
 */
const BARE_USERINFO = /(^|[\s="'(])[^\s/?#@:"'()=]+:(?!\\)[^\s/?#@"'()]*@(?=[\w[])/g;
/** Secret-bearing query or form parameters, and Go `-X=pkg.password=...` link flags (in GOFLAGS). */
const QUERY_SECRET =
  /([?&;\s"'(.]|^)((?:access_|private_|refresh_|id_|auth_|oauth_)?token|password|passwd|pwd|client_secret|secret|api[_-]?key|sig|signature)=([^&\s#"'<>)]+)/gi;
/** `Authorization: Bearer xxx` and friends, in headers, logs, curl commands. */
const AUTH_HEADER =
  /\b((?:proxy-)?authorization\s*[:=]\s*)(?:(digest|negotiate|ntlm)\s+[^\r\n"']+|(?:(bearer|basic|token|bot)\s+)?[^\s"',;]+)/gi;
const BEARER = /\b(Bearer|Basic)\s+(?!\*\*\*)[A-Za-z0-9._~+/=-]{8,}/g;
/** Token shapes of GitHub and GitLab: keep the prefix so a reader knows what it was. */
const TOKEN_SHAPES = /\b(gh[pousr]_|github_pat_|glpat-|gldt-|glptt-|glrt-|glcbt-|gloas-)(?!\*\*\*)[A-Za-z0-9_-]{10,}/g;
/** `NAME_TOKEN=value` style environment assignments. */
const ENV_SECRET = /\b([A-Z][A-Z0-9_]*(?:TOKEN|PASSWORD|PASSWD|SECRET|API_KEY|APIKEY|_PAT))=(?!\*\*\*)("[^"]*"|'[^']*'|\S+)/g;
/** .netrc `password XXX` (and `passwd`), but not English prose like "password for". */
const NETRC_PASSWORD = /(^|\s)(password|passwd)(\s+)(?!\*\*\*)(\S+)/gi;
const PROSE_AFTER_PASSWORD = new Set([
  "for", "is", "was", "required", "prompt", "prompts", "authentication", "to", "the", "and", "or",
  "of", "in", "not", "a", "an", "with", "from", "field", "file", "auth",
]);
/** `<TOKEN>`-style placeholders in printed fixes are not secrets. */
const PLACEHOLDER = /^<[A-Z_]+>/;
const KEY_SECRET = /(password|passwd|secret|token|apikey|api_key|authorization|credentials?|cookie)s?$/i;

// Fast path: text with none of these can hold no secret we know how to find.
const MAYBE_SECRET = /[@=]|authori|bearer|basic|gh[pousr]_|github_pat_|gl[a-z]+-|passw/i;

export function redactText(text: string): string {
  try {
    if (typeof text !== "string" || text === "" || !MAYBE_SECRET.test(text)) return text;
    let out = text.replace(URL_USERINFO, `$1${MASK}@`);
    out = out.replace(BARE_USERINFO, (m, lead: string) => (m.slice(lead.length).startsWith(`${MASK}@`) ? m : `${lead}${MASK}@`));
    out = out.replace(QUERY_SECRET, (_m, lead: string, name: string) => `${lead}${name}=${MASK}`);
    out = out.replace(AUTH_HEADER, (_m, head: string, multi: string | undefined, scheme: string | undefined) => {
      const name = multi ?? scheme;
      return `${head}${name ? `${name} ` : ""}${MASK}`;
    });
    out = out.replace(BEARER, (_m, scheme: string) => `${scheme} ${MASK}`);
    out = out.replace(TOKEN_SHAPES, (_m, prefix: string) => `${prefix}${MASK}`);
    out = out.replace(ENV_SECRET, (_m, name: string) => `${name}=${MASK}`);
    out = out.replace(NETRC_PASSWORD, (m, lead: string, word: string, gap: string, value: string) =>
      PROSE_AFTER_PASSWORD.has(value.toLowerCase().replace(/[:.,;]$/, "")) || PLACEHOLDER.test(value) ? m : `${lead}${word}${gap}${MASK}`,
    );
    return out;
  } catch {
    return typeof text === "string" ? text.replace(/\S+@/g, `${MASK}@`) : text;
  }
}

/** A URL with its userinfo and secret query parameters masked; the rest unchanged (no normalising). */
export function redactUrl(url: string): string {
  return redactText(url);
}

/** Whether an object key names a secret (its string value is masked whole). */
export function isSecretKey(key: string): boolean {
  return KEY_SECRET.test(key) && !/^(has|is|can|no)[A-Z_]/.test(key);
}

/**
 * A deep copy with every string redacted and the values of secret-named keys
 * masked. Booleans and numbers under such keys (`hasPassword: true`) stay.
 */
export function redactDeep<T>(value: T): T {
  return redactValue(value, 0) as T;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object" || depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = typeof v === "string" && v !== "" && isSecretKey(key) ? MASK : redactValue(v, depth + 1);
  }
  return out;
}
