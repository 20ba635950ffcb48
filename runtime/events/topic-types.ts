import type { MessageOf, MessageType } from "../message-type.js";

/**
 * Type-level AMQP topic matching, so that a subscription pattern narrows the
 * handler's event type to the topics it can receive, and a publish checks
 * its payload against the topic. Words are split on `.`; `*` matches one
 * word, `#` zero or more; a word of type `string` (from a template literal)
 * may be anything, so it is treated like `#` (a safe over-approximation).
 */

/** A topic or pattern split into words: `"a.*.c"` -> `["a", "*", "c"]`. */
export type Words<S extends string> = S extends `${infer Head}.${infer Tail}` ? [Head, ...Words<Tail>] : [S];

type IsWide<W extends string> = string extends W ? true : false;
type Many<W extends string> = W extends "#" ? true : IsWide<W>;
type WordsMeet<A extends string, B extends string> = A extends "*" ? true : B extends "*" ? true : A extends B ? true : B extends A ? true : false;
type Or<A extends boolean, B extends boolean> = A extends true ? true : B;

/** True if some topic matches both word lists. */
export type Overlap<A extends string[], B extends string[]> = A extends [infer A0 extends string, ...infer AR extends string[]]
  ? B extends [infer B0 extends string, ...infer BR extends string[]]
    ? Many<A0> extends true
      ? Or<Overlap<AR, B>, Overlap<A, BR>>
      : Many<B0> extends true
        ? Or<Overlap<A, BR>, Overlap<AR, B>>
        : WordsMeet<A0, B0> extends true
          ? Overlap<AR, BR>
          : false
    : OnlyMany<A>
  : OnlyMany<B>;

/** True if every word can match nothing (so an empty topic matches). */
type OnlyMany<A extends string[]> = A extends [infer A0 extends string, ...infer AR extends string[]] ? (Many<A0> extends true ? OnlyMany<AR> : false) : true;

/**
 * The topics a map key stands for: its wildcards become `${string}` (which
 * may hold dots, so a trailing `#` adds nothing: `a.*.#` -> `a.${string}`).
 */
export type TopicOf<K extends string> = K extends `${infer Head}.#`
  ? TopicOf<Head>
  : K extends "#"
    ? string
    : K extends `${infer Head}.${infer Tail}`
      ? `${WordOf<Head>}.${TopicOf<Tail>}`
      : WordOf<K>;
type WordOf<W extends string> = W extends "*" | "#" ? string : W;

/**
 * Topics and the message each carries. A key is a topic, or a pattern for a
 * family of topics (`koinos.event.*.#`); a value is the message's type.
 */
export type EventMap = { readonly [key: string]: MessageType<unknown> };

/** An event as a handler receives it. */
export interface Event<Topic extends string, Message> {
  /** The routing key it was published under. */
  readonly topic: Topic;
  readonly message: Message;
  /** The body as received: forward it as is with `publishRaw` to keep fields this code does not know. */
  readonly bytes: Uint8Array;
  /** True if the broker delivered it before (a subscriber died holding it). */
  readonly redelivered: boolean;
}

/** The events a subscription to `pattern` on `map` can receive: a union discriminated by topic. */
export type EventFor<M extends EventMap, Pattern extends string> = {
  [K in keyof M & string]: Overlap<Words<Pattern>, Words<K>> extends true ? Event<TopicOf<K>, MessageOf<M[K]>> : never;
}[keyof M & string];

/** The message `map` gives `topic`, or never if no key matches it. */
export type PayloadFor<M extends EventMap, Topic extends string> = {
  [K in keyof M & string]: Overlap<Words<Topic>, Words<K>> extends true ? MessageOf<M[K]> : never;
}[keyof M & string];
