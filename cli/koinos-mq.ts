#!/usr/bin/env node
import { main } from "./main.js";

// A reader that goes away (`koinos-mq list | head -1`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") process.stderr.write(`koinos-mq: cannot write to stdout: ${error.message}\n`);
});

process.exitCode = await main(process.argv.slice(2));
