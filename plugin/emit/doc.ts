import type { DescField, DescMessage, DescMethod, DescService } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";

type Documented = DescMessage | DescField | DescService | DescMethod;

/**
 * JSDoc text for a generated element: the proto comments of the first
 * source that has any, then `lines`, then `@deprecated` if any source is.
 */
export function docText(sources: readonly Documented[], lines: readonly string[] = []): string {
  const comment = sources.map(commentOf).find((c) => c !== "");
  const parts = [comment ?? "", ...lines].filter((p) => p !== "");
  if (sources.some((s) => s.deprecated)) parts.push("@deprecated");
  return parts.join("\n\n");
}

/** Leading and trailing comments, with the space after `//` removed. */
function commentOf(desc: Documented): string {
  const { leading, trailing } = getComments(desc);
  return [leading, trailing]
    .filter((c): c is string => c !== undefined && c.trim() !== "")
    .map((c) =>
      c
        .replace(/\n$/, "")
        .split("\n")
        .map((line) => (line.startsWith(" ") ? line.substring(1) : line))
        .join("\n"),
    )
    .join("\n\n");
}
