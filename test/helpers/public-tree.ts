import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * The public Koinos schemas (github.com/koinos/koinos-proto): the copy npm
 * ships in koinos-precompiler-as@1.7.3, fetched once with `npm pack` into
 * test-results/ (git-ignored) and reused; or the checkout KOINOS_PROTO_DIR
 * names (e.g. of v2.6.0). Returns the directory that holds `koinos/` and
 * `google/`.
 */
const root = join(import.meta.dirname, "../..");
const cache = join(root, "test-results/public-tree");
export const PUBLIC_TREE_PACKAGE = "koinos-precompiler-as@1.7.3";

export function publicKoinosProto(): string {
  const env = process.env["KOINOS_PROTO_DIR"];
  if (env !== undefined && env !== "") return env;
  const dir = join(cache, "package/koinos-proto");
  if (existsSync(join(dir, "koinos"))) return dir;
  mkdirSync(cache, { recursive: true });
  // Test files run in parallel: unpack into a directory of our own, then move it into place.
  const work = mkdtempSync(join(cache, "unpack-"));
  try {
    execFileSync("npm", ["pack", PUBLIC_TREE_PACKAGE, "--pack-destination", work, "--silent"], { stdio: "pipe" });
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    if (tarball === undefined) throw new Error(`npm pack ${PUBLIC_TREE_PACKAGE} wrote no tarball`);
    execFileSync("tar", ["xzf", join(work, tarball), "-C", work], { stdio: "pipe" });
    try {
      renameSync(join(work, "package"), join(cache, "package"));
    } catch (error) {
      if (!existsSync(join(dir, "koinos"))) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}
