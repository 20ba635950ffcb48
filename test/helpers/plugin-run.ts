import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { create, fromBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema, type FileDescriptorSet } from "@bufbuild/protobuf/wkt";
import { protocGenKoinosMq } from "../../plugin/plugin.js";

const root = join(import.meta.dirname, "../..");
const buf = join(root, "node_modules/.bin/buf");

/** Writes `files` (path -> text) into `dir`, next to a copy of proto/ unless `fixtures` is false. */
export function writeProtoTree(dir: string, files: Record<string, string>, fixtures = true): void {
  if (fixtures) cpSync(join(root, "proto"), dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/**
 * Compiles proto sources with buf into a descriptor set with source info, as
 * buf hands it to plugins (see writeProtoTree for `files` and `fixtures`).
 */
export function compileProtos(files: Record<string, string> = {}, fixtures = true): FileDescriptorSet {
  const dir = mkdtempSync(join(tmpdir(), "kmq-proto-"));
  try {
    writeProtoTree(dir, files, fixtures);
    const image = execFileSync(buf, ["build", dir, "-o", "-"], { maxBuffer: 256 << 20 });
    return fromBinary(FileDescriptorSetSchema, image);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Compiles a directory of proto sources with buf into a descriptor set (with source info). */
export function buildDescriptorSet(dir: string): FileDescriptorSet {
  return fromBinary(FileDescriptorSetSchema, execFileSync(buf, ["build", dir, "-o", "-"], { maxBuffer: 256 << 20 }));
}

/** The fixtures in proto/, compiled once per test file. */
let fixtureSet: FileDescriptorSet | undefined;
export function fixtures(): FileDescriptorSet {
  fixtureSet ??= compileProtos();
  return fixtureSet;
}

/**
 * Runs the plugin in process, as buf would with `strategy: all`: every file
 * but google/* is to be generated unless `generate` names them. Returns the
 * output files by name; throws what the plugin throws.
 */
export function runPlugin(set: FileDescriptorSet, parameter: string, generate?: string[]): Map<string, string> {
  const toGenerate = generate ?? set.file.map((f) => f.name).filter((n) => !n.startsWith("google/"));
  const request = create(CodeGeneratorRequestSchema, {
    parameter,
    fileToGenerate: toGenerate,
    protoFile: set.file,
    sourceFileDescriptors: set.file.filter((f) => toGenerate.includes(f.name)),
  });
  const response = protocGenKoinosMq.run(request);
  if (response.error !== undefined && response.error !== "") throw new Error(response.error);
  return new Map(response.file.map((f) => [f.name, f.content]));
}
