import { getComments } from "@bufbuild/protoplugin";
import type { DescField, DescMessage, DescMethod, DescOneof, DescService } from "@bufbuild/protobuf";

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
  const file = fileOf(element);
  const path = getComments(element).sourcePath;
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
