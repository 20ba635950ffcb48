import type { ChannelModel } from "amqplib";
import type { Logger } from "../logger.js";

/**
 * One socket write per tick instead of one per frame.
 *
 * amqplib queues every frame in a per-channel buffer; its multiplexer
 * (`connection.muxer`, lib/mux.js) drains those buffers once per event loop
 * turn (scheduled with setImmediate) and hands each frame to the socket
 * with its own `write()`: one syscall per frame, the biggest single cost of
 * a small RPC (a request, or a reply plus its ack). amqplib has no option
 * for this, so we cork the socket for the length of each drain: every frame
 * of the turn then leaves in one `writev`. Backpressure is unchanged: a
 * corked `write()` still returns false past the high water mark, the
 * multiplexer still stops and waits for `drain`. Heartbeats (written
 * outside the multiplexer) are unaffected.
 *
 * The hook is checked against the shape of amqplib 2.3.1's Mux (the version
 * this package pins): if the shape differs, nothing is changed and the
 * reason is logged once per connection.
 */
export function batchWrites(model: ChannelModel, logger: Logger): boolean {
  const muxer = (model as unknown as { connection?: { muxer?: unknown } }).connection?.muxer as MuxShape | undefined;
  const problem = shapeProblem(muxer);
  if (problem !== undefined || muxer === undefined) {
    logger.warn({ reason: problem }, "amqplib's writer has an unexpected shape; frames are written one by one");
    return false;
  }
  const drain = muxer._readIncoming;
  muxer._readIncoming = function corkedDrain(this: MuxShape): void {
    const out = this.out;
    out.cork();
    try {
      drain.call(this);
    } finally {
      out.uncork();
    }
  };
  return true;
}

/** What amqplib 2.3.1's Mux looks like, as far as the hook relies on it. */
interface MuxShape {
  _readIncoming: (this: MuxShape) => void;
  readonly out: { cork(): void; uncork(): void; write(chunk: unknown): boolean };
}

function shapeProblem(muxer: MuxShape | undefined): string | undefined {
  if (typeof muxer !== "object" || muxer === null) return "no connection.muxer";
  if (typeof muxer._readIncoming !== "function") return "no muxer._readIncoming";
  const out = muxer.out as Partial<MuxShape["out"]> | undefined;
  if (typeof out?.cork !== "function" || typeof out.uncork !== "function" || typeof out.write !== "function") return "muxer.out is not a corkable stream";
  return undefined;
}
