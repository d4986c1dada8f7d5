// A small reader of the POSIX shell commands the rules print (fixes.ts): words
// with their quoting undone, pipelines and `;` lists. It reads only the forms
// those commands use; anything else (command substitution beyond `$(go ...)`,
// globs, `&&`, here-documents, other parameter expansions) is "not understood",
// and a caller then leaves the command as it is.

/** One piece of a word: literal text, an unquoted `*`/`?`, `$NAME`, `${NAME:-default}`, `$(go ...)`, or a leading `~`. */
export type Segment =
  | { kind: "lit"; text: string; quoted: boolean }
  | { kind: "glob"; text: "*" | "?" }
  | { kind: "var"; name: string; fallback?: string }
  | { kind: "sub"; command: string }
  | { kind: "home" };

export type Word = Segment[];

/** A simple command: words, then at most one output redirection (`>`/`>>` FILE). */
export interface SimpleCommand {
  words: Word[];
  redirect?: { append: boolean; target: Word };
}

/** `a | b ; c | d` as [[a, b], [c, d]]. */
export type CommandList = SimpleCommand[][];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
/** The tools' placeholders, `<TOKEN>`, `<a version that works>`: literal text for the user to replace. */
const PLACEHOLDER = /^<[A-Za-z][A-Za-z0-9 _.-]*>/;
/** `$(go env X)`: the one command substitution the rules print (PowerShell has the same `$(...)`). */
const GO_SUB = /^\$\((go env [A-Z0-9_ ]+)\)/;

class NotUnderstood extends Error {}

/** The command as a list of pipelines, or undefined for a form this reader does not know. */
export function readPosixCommand(text: string): CommandList | undefined {
  try {
    return read(text);
  } catch (error) {
    if (error instanceof NotUnderstood) return undefined;
    throw error;
  }
}

function read(text: string): CommandList {
  const list: CommandList = [];
  let pipeline: SimpleCommand[] = [];
  let command: SimpleCommand = { words: [] };
  let word: Word | undefined;
  let redirect: boolean | undefined; // the next word is a redirection target (true: append)
  const lit = (s: string, quoted: boolean) => {
    word ??= [];
    const last = word[word.length - 1];
    if (last?.kind === "lit" && last.quoted === quoted) last.text += s;
    else word.push({ kind: "lit", text: s, quoted });
  };
  const endWord = () => {
    if (!word) return;
    if (redirect !== undefined) {
      if (command.redirect) throw new NotUnderstood();
      command.redirect = { append: redirect, target: word };
      redirect = undefined;
    } else {
      if (command.redirect) throw new NotUnderstood(); // words after a redirection
      command.words.push(word);
    }
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (redirect !== undefined || command.words.length === 0) throw new NotUnderstood();
    pipeline.push(command);
    command = { words: [] };
  };
  /** `$...` at i (outside single quotes): appends the segment, returns the index after it. */
  const dollar = (i: number, inDouble: boolean): number => {
    const rest = text.slice(i + 1);
    const sub = GO_SUB.exec(text.slice(i));
    if (sub) {
      (word ??= []).push({ kind: "sub", command: sub[1]! });
      return i + sub[0].length;
    }
    const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)(?::-([A-Za-z0-9_.-]*))?\}/.exec(rest);
    if (braced) {
      (word ??= []).push({ kind: "var", name: braced[1]!, ...(braced[2] !== undefined ? { fallback: braced[2] } : {}) });
      return i + 1 + braced[0].length;
    }
    const name = NAME.exec(rest);
    if (name) {
      (word ??= []).push({ kind: "var", name: name[0] });
      return i + 1 + name[0].length;
    }
    if (inDouble && (rest === "" || rest[0] === '"')) {
      lit("$", true);
      return i + 1;
    }
    throw new NotUnderstood();
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t") {
      endWord();
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new NotUnderstood();
      lit(text.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"') {
      word ??= [];
      i++;
      for (;;) {
        if (i >= text.length) throw new NotUnderstood();
        const d = text[i]!;
        if (d === '"') break;
        if (d === "\\") {
          const next = text[i + 1];
          if (next === undefined) throw new NotUnderstood();
          // In double quotes a backslash escapes only $ ` " \ (and a newline).
          lit("$`\"\\".includes(next) ? next : `\\${next}`, true);
          i += 2;
        } else if (d === "$") {
          i = dollar(i, true);
        } else if (d === "`") {
          throw new NotUnderstood();
        } else {
          lit(d, true);
          i++;
        }
      }
      i++;
    } else if (c === "\\") {
      const next = text[i + 1];
      if (next === undefined) throw new NotUnderstood();
      lit(next, true);
      i += 2;
    } else if (c === "$") {
      i = dollar(i, false);
    } else if (c === "|") {
      if (text[i + 1] === "|") throw new NotUnderstood();
      endCommand();
      i++;
    } else if (c === ";") {
      endCommand();
      list.push(pipeline);
      pipeline = [];
      i++;
    } else if (c === ">") {
      endWord();
      if (redirect !== undefined || command.redirect) throw new NotUnderstood();
      redirect = text[i + 1] === ">";
      i += redirect ? 2 : 1;
    } else if (c === "<" && PLACEHOLDER.test(text.slice(i))) {
      const ph = PLACEHOLDER.exec(text.slice(i))![0];
      lit(ph, false);
      i += ph.length;
    } else if (c === "~" && !word && (text[i + 1] === "/" || text[i + 1] === undefined || text[i + 1] === " ")) {
      word = [{ kind: "home" }];
      i++;
    } else if (c === "#" && !word) {
      throw new NotUnderstood(); // a comment line
    } else if (c === "*" || c === "?") {
      (word ??= []).push({ kind: "glob", text: c });
      i++;
    } else if ("&<`(){}[]".includes(c)) {
      throw new NotUnderstood();
    } else {
      lit(c, false);
      i++;
    }
  }
  endCommand();
  list.push(pipeline);
  return list;
}

/** The word's text when it is all literal, else undefined. */
export function literal(word: Word): string | undefined {
  let out = "";
  for (const s of word) {
    if (s.kind !== "lit") return undefined;
    out += s.text;
  }
  return out;
}

/** `NAME=value` written as an assignment (the name and `=` unquoted): its name and the value's segments. */
export function assignment(word: Word): { name: string; value: Word } | undefined {
  const first = word[0];
  if (first?.kind !== "lit" || first.quoted) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (!m) return undefined;
  const rest = first.text.slice(m[0].length);
  return { name: m[1]!, value: [...(rest ? [{ ...first, text: rest }] : []), ...word.slice(1)] };
}
