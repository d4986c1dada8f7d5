// The trace module's public surface: go's -x stderr and -json stdout to events.
export { parseTraceLine } from "./parse.js";
export { decodeRequestUrl } from "./url.js";
export { splitLines, LineSplitter, MAX_LINE } from "./lines.js";
export { JsonObjectSplitter, moduleResultEvent } from "./json-objects.js";
export { parseLogTimestamp, readLogHeader } from "./timestamps.js";
export type { Event, EventKind, EventOf, RequestKind, RequestTarget } from "./events.js";
