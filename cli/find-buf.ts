import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/** How to run the buf CLI: a program and the arguments that come before buf's own. */
export interface BufCommand {
  readonly program: string;
  readonly args: readonly string[];
  /** Where it was found, for messages. */
  readonly source: string;
}

/**
 * The buf CLI that compiles a directory of .proto files, looked up in this
 * order: the `@bufbuild/buf` package of the project in the working
 * directory (what a project that runs this package's plugin installs),
 * the one installed beside this package, then `buf` on PATH. Undefined if
 * there is none.
 */
export function findBuf(cwd: string = process.cwd()): BufCommand | undefined {
  const fromPackage = (base: string, source: string): BufCommand | undefined => {
    try {
      const manifest = createRequire(base).resolve("@bufbuild/buf/package.json");
      // bin/buf is a Node script that runs the platform's binary.
      return { program: process.execPath, args: [join(dirname(manifest), "bin", "buf")], source };
    } catch {
      return undefined;
    }
  };
  return (
    fromPackage(pathToFileURL(join(cwd, "noop.js")).href, "@bufbuild/buf of the project in the working directory") ??
    fromPackage(import.meta.url, "@bufbuild/buf installed beside koinos-mq-ts") ??
    onPath("buf")
  );
}

function onPath(name: string): BufCommand | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return { program: candidate, args: [], source: `${candidate} (on PATH)` };
    } catch {
      // Not in this directory: look in the next.
    }
  }
  return undefined;
}
