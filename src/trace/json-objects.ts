// `go mod download -json` prints pretty-printed JSON objects one after
// another (not JSON lines), and only when every download has ended. This
// splits the text stream into objects by brace depth, outside strings, with
// a size cap per object, and turns each into a module-result event.
import type { Event } from "./events.js";

export class JsonObjectSplitter {
  private buf: string[] = [];
  private size = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The current object outgrew maxObject: track depth, keep nothing, emit nothing. */
  private skipping = false;
  private readonly maxObject: number;

  constructor(maxObject = 1024 * 1024) {
    this.maxObject = maxObject;
  }

  /** Inside an object: more text is needed to finish it. */
  get open(): boolean {
    return this.depth > 0;
  }

  /** Feeds text; returns the objects completed by it (unparsable or oversized ones are dropped). */
  push(text: string): unknown[] {
    const out: unknown[] = [];
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.depth === 0) {
        if (c !== 123 /* { */) continue;
        from = i;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
      } else if (c === 34) {
        this.inString = true;
      } else if (c === 123) {
        this.depth++;
      } else if (c === 125 /* } */) {
        this.depth--;
        if (this.depth === 0) {
          this.append(text, from, i + 1);
          if (!this.skipping) {
            try {
              out.push(JSON.parse(this.buf.join("")));
            } catch {
              // not JSON after all: skip it
            }
          }
          this.reset();
        }
      }
    }
    if (this.depth > 0) this.append(text, from, text.length);
    return out;
  }

  private append(text: string, from: number, to: number): void {
    if (this.skipping) return;
    this.size += to - from;
    if (this.size > this.maxObject) {
      this.skipping = true;
      this.buf = [];
    } else {
      this.buf.push(text.slice(from, to));
    }
  }

  private reset(): void {
    this.buf = [];
    this.size = 0;
    this.skipping = false;
  }
}

/**
 * `go mod download -x -json` output saved as one log (2>&1): the results are
 * pretty-printed objects, from a line that starts with `{` to the line that
 * closes it. Lines of an object are taken here, not parsed as trace lines.
 */
export class JsonResultLines {
  private splitter = new JsonObjectSplitter(MAX_OBJECT);
  private lines = 0;
  /** The lines of the object being read: given back when it turns out not to be go's result. */
  private held: string[] = [];
  private released: string[] = [];

  /** The module-result events the line completes, or undefined when the line is not part of a JSON object. */
  take(line: string, t: number): Event[] | undefined {
    if (!this.splitter.open) {
      // An object may also open at the end of a line that quotes it (`failed to run ..., output: {`): the splitter skips the text before its brace.
      if (line.trimStart().charCodeAt(0) !== 123 /* { */ && !QUOTED_OBJECT.test(line)) return undefined;
      this.lines = 0;
      this.held = [];
    }
    this.held.push(line);
    const objects = this.splitter.push(`${line}\n`);
    const events: Event[] = [];
    for (const obj of objects) {
      const event = moduleResultEvent(obj, t);
      if (event) events.push(event);
    }
    if (this.splitter.open && ++this.lines > MAX_OBJECT_LINES) {
      // A `{` that never closes is not go's JSON: stop swallowing lines, and give back the ones taken.
      this.splitter = new JsonObjectSplitter(MAX_OBJECT);
      this.release();
    } else if (!this.splitter.open) {
      // Another tool's JSON (Renovate's `artifactErrors`, a CI report) may quote go's stderr: its lines are read as lines.
      if (events.length === 0) this.release();
      else this.held = [];
    }
    return events;
  }

  /** Lines taken for an object that was not one of go's results, to be read as ordinary lines (each handed out once). */
  giveBack(): string[] {
    const out = this.released;
    this.released = [];
    return out;
  }

  private release(): void {
    this.released.push(...this.held);
    this.held = [];
  }
}

/**
 * A label, then the object's opening brace, ending the line (`output: {`); `if x {` in pasted Go code is no such line,
 * nor go's `server response: {` (a proxy's JSON body, read as the error's details).
 */
const QUOTED_OBJECT = /\S(?<!server response): \{\s*$/;

/** go's result objects are a dozen short lines; an Error field may be long. */
const MAX_OBJECT_LINES = 200;
const MAX_OBJECT = 64 * 1024;

/** One `go mod download -json` object as a module-result event (undefined when it names no module). */
export function moduleResultEvent(value: unknown, t: number): Event | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const obj = value as { Path?: unknown; Version?: unknown; Error?: unknown };
  if (typeof obj.Path !== "string") return undefined;
  const version = typeof obj.Version === "string" ? obj.Version : "";
  const error = typeof obj.Error === "string" && obj.Error !== "" ? obj.Error : undefined;
  return { t, kind: "module-result", module: obj.Path, version, ...(error ? { error } : {}) };
}
