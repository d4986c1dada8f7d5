// The executable's entry: run the CLI once.
import { run } from "./cli.js";

await run();
