// The least any Node.js wrapper of the go command pays, for the overhead
// benchmark's floor: node starts, loads execa (bundled, as the tool's is),
// spawns go the way runGo does and drains its output, and nothing else.
import { execa } from "execa";

const [goBin, ...args] = process.argv.slice(2);
const child = execa(goBin!, args, { detached: true, stdin: "ignore", reject: false, buffer: false, extendEnv: false, env: process.env, stripFinalNewline: false });
child.stdout.resume();
child.stderr.resume();
const result = await child;
process.exitCode = result.exitCode ?? 1;
