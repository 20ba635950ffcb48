import type { Logger } from "../logger.js";

/** An amqplib channel or connection: closing it, and its `close` event. */
interface Closable {
  close(): Promise<void>;
  once(event: "close", listener: () => void): unknown;
  off(event: "close", listener: () => void): unknown;
}

/**
 * Closes an amqplib channel or connection and resolves once it is closed,
 * however that happens. amqplib's `close()` settles only on the broker's
 * CloseOk: when the socket dies before that arrives, it never settles,
 * while the object still emits `close`. So the two are raced. A close that
 * fails (it was closed already, by the broker or with its connection) is
 * logged at debug level: nothing is left to release.
 */
export function closeQuietly(target: Closable, logger: Logger, what: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      target.off("close", done);
      resolve();
    };
    target.once("close", done);
    target.close().then(done, (error: unknown) => {
      logger.debug({ err: error, what }, "already closed");
      done();
    });
  });
}
