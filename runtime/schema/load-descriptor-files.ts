import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { create, createFileRegistry, fromBinary, type DescFile } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { InvalidArgumentError } from "../errors.js";

/**
 * Proto files from descriptor files, as koinos-jsonrpc loads them: `path` is
 * one file or a directory of them, each a FileDescriptorSet (what
 * `protoc --include_imports --descriptor_set_out`, `buf build -o` and
 * Koinos's `koinos_descriptors.pb` are) or a single FileDescriptorProto.
 * A later file replaces an earlier one of the same name.
 */
export function loadDescriptorFiles(path: string): DescFile[] {
  const paths = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => !name.startsWith("."))
        .sort()
        .map((name) => join(path, name))
        .filter((p) => statSync(p).isFile())
    : [path];
  if (paths.length === 0) throw new InvalidArgumentError(`${path}: no descriptor files in this directory`);
  const protos = new Map<string, FileDescriptorProto>();
  for (const p of paths) for (const proto of readDescriptors(p)) protos.set(proto.name, proto);
  return filesOf(protos, path);
}

function readDescriptors(path: string): FileDescriptorProto[] {
  const bytes = readFileSync(path);
  let problem: unknown;
  try {
    const set = fromBinary(FileDescriptorSetSchema, bytes);
    if (set.file.length > 0 && set.file.every((f) => f.name !== "")) return set.file;
  } catch (error) {
    problem = error;
  }
  try {
    const file = fromBinary(FileDescriptorProtoSchema, bytes);
    if (file.name !== "") return [file];
  } catch (error) {
    problem = error;
  }
  const why = problem instanceof Error ? ` (${problem.message})` : "";
  throw new InvalidArgumentError(`${path}: not a FileDescriptorSet nor a FileDescriptorProto${why}; make one with \`buf build -o x.binpb\` or \`protoc --include_imports --descriptor_set_out=x.pb\``);
}

function filesOf(protos: ReadonlyMap<string, FileDescriptorProto>, source: string): DescFile[] {
  // protobuf-es adds a set's files in order: each file after its imports.
  const sorted: FileDescriptorProto[] = [];
  const placed = new Set<string>();
  const place = (proto: FileDescriptorProto) => {
    if (placed.has(proto.name)) return;
    placed.add(proto.name);
    for (const dependency of proto.dependency) {
      const imported = protos.get(dependency);
      if (imported !== undefined) place(imported);
    }
    sorted.push(proto);
  };
  for (const proto of protos.values()) place(proto);
  let registry;
  try {
    registry = createFileRegistry(create(FileDescriptorSetSchema, { file: sorted }));
  } catch (error) {
    throw new InvalidArgumentError(`${source}: the descriptors do not form a complete set (${error instanceof Error ? error.message : String(error)}); build them with their imports (--include_imports)`, { cause: error });
  }
  return [...registry.files];
}
