import type { DescField, DescFile, DescMessage, DescMethod, DescOneof, DescService } from "@bufbuild/protobuf";

type Element = DescMessage | DescField | DescOneof | DescService | DescMethod;

/**
 * An error about a proto element, prefixed with its file and line so that the
 * user can find it: `koinos/rpc/x.proto:12:3: field koinos.rpc.x.x_response.get: ...`.
 */
export function protoError(element: Element, problem: string): Error {
  return new Error(`${where(element)}: ${element.toString()}: ${problem}`);
}

/** `file.proto:line:column` of an element, or the file alone without source info. */
export function where(element: Element): string {
  return place(fileOf(element), sourcePath(element));
}

/** `file.proto:line:column` of the file option with field number `number`, e.g. `option (koinos_mq.event_map) = ...`. */
export function whereFileOption(file: DescFile, number: number): string {
  // FileDescriptorProto.options is field 8; an option is the field of its number in FileOptions.
  return place(file, [8, number]);
}

function place(file: DescFile, path: readonly number[]): string {
  const location = file.proto.sourceCodeInfo?.location.find(
    (l) => l.path.length === path.length && l.path.every((p, i) => p === path[i]),
  );
  const [line, column] = location?.span ?? [];
  return line === undefined || column === undefined ? file.proto.name : `${file.proto.name}:${line + 1}:${column + 1}`;
}

function fileOf(element: Element) {
  switch (element.kind) {
    case "message":
    case "service":
      return element.file;
    case "field":
    case "oneof":
      return element.parent.file;
    case "rpc":
      return element.parent.file;
  }
}

/**
 * The element's path in its FileDescriptorProto, as source code info keys
 * its locations (descriptor.proto's field numbers: a file's message_type 4
 * and service 6, a message's field 2, nested_type 3 and oneof_decl 8, a
 * service's method 2). protoplugin's getComments computes the same; this
 * keeps code that reads schemas at run time (the CLI) from loading
 * protoplugin, whose entry point loads the TypeScript compiler.
 */
export function sourcePath(element: Element): number[] {
  switch (element.kind) {
    case "message":
      return element.parent === undefined
        ? [4, element.file.messages.indexOf(element)]
        : [...sourcePath(element.parent), 3, element.parent.nestedMessages.indexOf(element)];
    case "field":
      return [...sourcePath(element.parent), 2, element.parent.fields.indexOf(element)];
    case "oneof":
      return [...sourcePath(element.parent), 8, element.parent.oneofs.indexOf(element)];
    case "service":
      return [6, element.file.services.indexOf(element)];
    case "rpc":
      return [...sourcePath(element.parent), 2, element.parent.methods.indexOf(element)];
  }
}
