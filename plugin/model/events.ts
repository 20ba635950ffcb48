import { getOption, hasOption, type DescExtension, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import type { GenExtension } from "@bufbuild/protobuf/codegenv2";
import type { FileOptions, MessageOptions } from "@bufbuild/protobuf/wkt";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import type { EventTopicOption } from "../options.js";
import { koinosTopics } from "./koinos-topics.js";
import { eventMapNameProblem } from "../naming/event-names.js";
import { where, whereFileOption } from "./proto-error.js";

/** One broadcast topic and the message it carries. */
export interface EventTopic {
  /** As declared: `koinos.block.accept`, or with parameters `koinos.event.{contract}.{name}`. */
  readonly topic: string;
  /**
   * The key in the topic map: the topic with each parameter a wildcard, `*`
   * for one word and `*.#` for a final one that may span several
   * (`koinos.event.*.*.#`).
   */
  readonly key: string;
  /** Parameter names, in order; empty for a plain topic. */
  readonly params: readonly string[];
  readonly message: DescMessage;
  /** Koinos's own description of the topic, for the defaults. */
  readonly doc: string | undefined;
}

/** What declared a topic, for error messages. */
interface Declaration {
  readonly topic: string;
  readonly message: DescMessage;
  readonly kind: "default" | "message option" | "plugin option";
  readonly place: string;
  readonly doc: string | undefined;
}

const topicOption = "koinos_mq.topic";
export const eventMapOption = "koinos_mq.event_map";

/**
 * The broadcast topics of every message in `allFiles`, from three sources:
 * Koinos's own topics for koinos.broadcast messages, the message option
 * `(koinos_mq.topic)`, and the plugin option `event_topic`, which overrides
 * the other two. A topic given two different messages by the same kind of
 * source, or by a message option against a Koinos default, is an error
 * naming both places. Returns the topics grouped by the file of their message.
 */
export function findEvents(allFiles: readonly DescFile[], overrides: readonly EventTopicOption[]): Map<DescFile, EventTopic[]> {
  const messages = new Map<string, DescMessage>();
  const extensions = new Map<string, DescExtension>();
  for (const file of allFiles) {
    for (const type of nestedTypes(file)) {
      if (type.kind === "message") messages.set(type.typeName, type);
      if (type.kind === "extension") extensions.set(type.typeName, type);
    }
  }

  const declarations: Declaration[] = [];
  for (const { topic, typeName, doc } of koinosTopics) {
    const message = messages.get(typeName);
    if (message !== undefined) declarations.push({ topic, message, kind: "default", place: `the Koinos topic ${topic}`, doc });
  }
  const topicExtension = extensions.get(topicOption) as GenExtension<MessageOptions, string[]> | undefined;
  if (topicExtension !== undefined) {
    for (const message of messages.values()) {
      if (!hasOption(message, topicExtension)) continue;
      for (const topic of getOption(message, topicExtension)) {
        const place = `${where(message)}: option (${topicOption}) of ${message.typeName}`;
        declarations.push({ topic: checkTopic(topic, place), message, kind: "message option", place, doc: undefined });
      }
    }
  }
  for (const option of overrides) {
    const message = messages.get(option.typeName);
    if (message === undefined) throw new Error(`plugin option ${option.raw}: there is no message ${option.typeName} among the proto files`);
    declarations.push({ topic: checkTopic(option.topic, `plugin option ${option.raw}`), message, kind: "plugin option", place: `plugin option ${option.raw}`, doc: undefined });
  }

  const byTopic = new Map<string, Declaration>();
  for (const declaration of declarations) {
    const earlier = byTopic.get(declaration.topic);
    if (earlier === undefined || earlier.message === declaration.message || replaces(declaration, earlier)) {
      byTopic.set(declaration.topic, earlier?.message === declaration.message ? earlier : declaration);
    } else if (!replaces(earlier, declaration)) {
      throw new Error(
        `topic "${declaration.topic}" is declared for two messages: ${earlier.message.typeName} (${earlier.place}) and ${declaration.message.typeName} (${declaration.place}); use the plugin option event_topic to choose one`,
      );
    }
  }

  const byFile = new Map<DescFile, EventTopic[]>();
  for (const d of byTopic.values()) {
    const list = byFile.get(d.message.file) ?? [];
    list.push(eventTopic(d));
    byFile.set(d.message.file, list);
  }
  return byFile;
}

/** Only an explicit plugin option replaces what another source declared. */
function replaces(a: Declaration, b: Declaration): boolean {
  return a.kind === "plugin option" && b.kind !== "plugin option";
}

function eventTopic(d: Declaration): EventTopic {
  const words = d.topic.split(".");
  const params = words.flatMap((w) => paramName(w) ?? []);
  const key = words.map((w, i) => (paramName(w) === undefined ? w : i === words.length - 1 ? "*.#" : "*")).join(".");
  return { topic: d.topic, key, params, message: d.message, doc: d.doc };
}

function paramName(word: string): string | undefined {
  return /^\{([A-Za-z_]\w*)\}$/.exec(word)?.[1];
}

/** Returns the topic if it is one a publisher can use (words, or `{param}` words), else throws naming `place`. */
function checkTopic(topic: string, place: string): string {
  const problem = (() => {
    if (topic === "") return "it is empty";
    if (Buffer.byteLength(topic) > 255) return "it is longer than 255 bytes";
    const words = topic.split(".");
    const bad = words.find((w) => paramName(w) === undefined && !/^[^*#{}\s]+$/.test(w));
    if (bad !== undefined) return `the word "${bad}" is empty or holds a wildcard, brace or space`;
    const params = words.flatMap((w) => paramName(w) ?? []);
    const twice = params.find((p, i) => params.indexOf(p) !== i);
    if (twice !== undefined) return `the parameter {${twice}} appears twice`;
    return undefined;
  })();
  if (problem !== undefined) throw new Error(`${place}: topic "${topic}": ${problem}`);
  return topic;
}

/**
 * The event map's name `file` sets with the `(koinos_mq.event_map)` file
 * option, if it sets one; an error naming the file and the option if that
 * name cannot be a generated constant.
 */
export function eventMapName(file: DescFile, allFiles: readonly DescFile[]): string | undefined {
  for (const f of allFiles) {
    for (const type of nestedTypes(f)) {
      if (type.kind === "extension" && type.typeName === eventMapOption && hasOption(file, type)) {
        const name = getOption(file, type as GenExtension<FileOptions, string>);
        const problem = eventMapNameProblem(name);
        if (problem !== undefined) throw new Error(`${whereFileOption(file, type.number)}: option (${eventMapOption}) = "${name}": ${problem}`);
        return name;
      }
    }
  }
  return undefined;
}
