// The `<meta name="go-import" content="prefix vcs repo">` tag a host serves at
// `https://<path>?go-get=1`, parsed the way the go command picks one: the tag
// whose prefix is the import path or a parent of it.

export interface GoImport {
  prefix: string;
  vcs: string;
  repo: string;
}

const META = /<meta\b[^>]*>/gi;
const ATTR = /([a-zA-Z-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))/g;

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function attributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const match of tag.matchAll(ATTR)) {
    attrs.set(match[1]!.toLowerCase(), decodeEntities(match[3] ?? match[4] ?? match[5] ?? ""));
  }
  return attrs;
}

/** Every go-import tag in the document head (the go command stops reading at <body> or </head>). */
export function parseGoImports(html: string): GoImport[] {
  const end = html.search(/<\/head>|<body\b/i);
  const head = end >= 0 ? html.slice(0, end) : html;
  const found: GoImport[] = [];
  for (const tag of head.match(META) ?? []) {
    const attrs = attributes(tag);
    if (attrs.get("name") !== "go-import") continue;
    const fields = (attrs.get("content") ?? "").trim().split(/\s+/);
    if (fields.length < 3 || fields.length > 4) continue;
    found.push({ prefix: fields[0]!, vcs: fields[1]!, repo: fields[2]! });
  }
  return found;
}

/** The tag that applies to `importPath`, if any. */
export function goImportFor(html: string, importPath: string): GoImport | undefined {
  return goImportsFor(html, importPath)[0];
}

/** Every tag whose prefix is `importPath` or a leading part of it. */
export function goImportsFor(html: string, importPath: string): GoImport[] {
  return parseGoImports(html).filter((m) => importPath === m.prefix || importPath.startsWith(`${m.prefix}/`));
}
