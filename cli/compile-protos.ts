import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { usageError } from "./cli-error.js";
import { findBuf } from "./find-buf.js";

const bufMissing = (dir: string) =>
  `${dir} holds .proto files, and compiling them needs the buf CLI, which was not found: ` +
  "install it in your project (npm install -D @bufbuild/buf) or put buf on PATH, " +
  "or pass a descriptor set instead (buf build <dir> -o koinos.binpb, or protoc --include_imports --descriptor_set_out=koinos.pb)";

/**
 * Compiles the .proto files under `dir` with `buf build` (imports
 * included) and hands the FileDescriptorSet file to `use`; the file is
 * removed afterwards.
 */
export function withCompiledProtos<T>(dir: string, use: (descriptorSet: string) => T): T {
  const buf = findBuf();
  if (buf === undefined) throw usageError(bufMissing(dir));
  const work = mkdtempSync(join(tmpdir(), "koinos-mq-"));
  try {
    const out = join(work, "schema.binpb");
    const result = spawnSync(buf.program, [...buf.args, "build", dir, "-o", out], { encoding: "utf8" });
    if (result.error !== undefined) throw usageError(`could not run buf (${buf.source}): ${result.error.message}`, { cause: result.error });
    if (result.status !== 0) {
      throw usageError(
        `buf could not compile ${dir}:\n${result.stderr.trim()}\n` +
          "point --schema at the root of the proto tree (the directory that holds koinos/), so that imports resolve",
      );
    }
    return use(out);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
