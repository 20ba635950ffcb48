import { isTsProtoOption, parseTsProtoOptions, type TsProtoOptions } from "./ts-proto-options.js";

/** Options of protoc-gen-koinos-mq, besides protoplugin's own (target, import_extension, ...). */
export interface PluginOptions {
  /** Which generator wrote the message code: `ts-proto` (default) or `protobuf-es`. */
  readonly messages: "ts-proto" | "protobuf-es";
  /** Appended to a proto file's path (without `.proto`) to name the output file. */
  readonly outputSuffix: string;
  /** Extra or overriding broadcast topics: `event_topic=<topic>:<message full name>`. */
  readonly eventTopics: readonly EventTopicOption[];
  readonly tsProto: TsProtoOptions;
}

export interface EventTopicOption {
  readonly topic: string;
  readonly typeName: string;
  /** The option as written, for error messages. */
  readonly raw: string;
}

/**
 * Parses the options protoplugin does not know itself. Unknown options are an
 * error; ts-proto's options are accepted so one list can serve both plugins.
 */
export function parseOptions(raw: { key: string; value: string }[]): PluginOptions {
  let messages: PluginOptions["messages"] = "ts-proto";
  let outputSuffix = "_mq";
  const eventTopics: EventTopicOption[] = [];
  const tsProtoRaw: { key: string; value: string }[] = [];
  for (const { key, value } of raw) {
    switch (key) {
      case "messages":
        if (value !== "ts-proto" && value !== "protobuf-es") {
          throw new Error(`messages=${value}: expected ts-proto or protobuf-es`);
        }
        messages = value;
        break;
      case "output_suffix":
        if (!/^[\w.-]*$/.test(value)) {
          throw new Error(`output_suffix=${value}: use letters, digits, '_', '-' or '.'`);
        }
        outputSuffix = value;
        break;
      case "event_topic":
        eventTopics.push(parseEventTopic(value));
        break;
      default:
        if (!isTsProtoOption(key)) {
          throw new Error(`unknown option ${key}`);
        }
        tsProtoRaw.push({ key, value });
    }
  }
  return { messages, outputSuffix, eventTopics, tsProto: parseTsProtoOptions(tsProtoRaw) };
}

function parseEventTopic(value: string): EventTopicOption {
  const raw = `event_topic=${value}`;
  const colon = value.lastIndexOf(":");
  const topic = value.substring(0, colon);
  const typeName = value.substring(colon + 1).replace(/^\./, "");
  if (colon < 1 || typeName === "") {
    throw new Error(`${raw}: expected <topic>:<message full name>, e.g. event_topic=koinos.block.accept:koinos.broadcast.block_accepted`);
  }
  return { topic, typeName, raw };
}
