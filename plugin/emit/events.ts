import type { GeneratedFile } from "@bufbuild/protoplugin";
import type { EventTopic } from "../model/events.js";
import { eventTypeName, topicBuilderNames, topicConstantName } from "../naming/event-names.js";
import { docText } from "./doc.js";
import type { MessageRefs } from "./message-refs.js";
import { runtimeType, runtimeValue } from "./runtime-symbols.js";

/**
 * Topic constants, builders for parameterised topics, the topic -> message
 * map of a file's events and an event type alias.
 */
export function emitEvents(f: GeneratedFile, mapName: string, topics: readonly EventTopic[], refs: MessageRefs): void {
  for (const t of topics) {
    const carries = `Carries \`${t.message.typeName}\`.`;
    if (t.params.length === 0) {
      f.print(f.jsDoc(docText([t.message], [`Topic \`${t.topic}\` on the exchange \`koinos.event\`. ${t.doc ?? ""}`.trim(), carries])));
      f.print(f.export("const", topicConstantName(t.topic)), " = ", f.string(t.topic), ";");
    } else {
      const names = topicBuilderNames(t.topic);
      const params = t.params.map((p) => `\`${p}\``).join(", ");
      f.print(f.jsDoc(docText([t.message], [`Builds \`${t.topic}\` topics from ${params}, for publishing. ${t.doc ?? ""}`.trim(), carries])));
      f.print(f.export("const", names.topic), " = ", runtimeValue(f, "topicBuilder"), "(", f.string(t.topic), ");");
      f.print();
      f.print(f.jsDoc(`Builds subscription patterns over \`${t.topic}\`: a parameter left out matches any value.`));
      f.print(f.export("const", names.pattern), " = ", runtimeValue(f, "patternBuilder"), "(", f.string(t.topic), ");");
    }
    f.print();
  }
  const file = topics[0]?.message.file.proto.name ?? "";
  f.print(f.jsDoc(`The broadcast topics of ${file} and the message each carries. Pass it to \`bus.subscribe\`, \`bus.events\` and \`bus.publish\`; merge maps with spread syntax.`));
  f.print(f.export("const", mapName), " = {");
  for (const t of topics) {
    const key = t.params.length === 0 ? ["[", topicConstantName(t.topic), "]"] : f.string(t.key);
    f.print("  ", key, ": ", refs.codec(t.message), ",");
  }
  f.print("} as const;");
  f.print();
  const eventType = eventTypeName(mapName);
  f.print(f.jsDoc(`An event of \`${mapName}\`, discriminated by \`topic\`; \`${eventType}<"pattern">\` narrows it to the topics a pattern matches.`));
  f.print(f.export("type", eventType), '<Pattern extends string = "#"> = ', runtimeType(f, "EventFor"), "<typeof ", mapName, ", Pattern>;");
  f.print();
}
