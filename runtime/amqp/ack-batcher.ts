import type { Channel, Message } from "amqplib";

/**
 * Acknowledges finished deliveries of one channel in batches: once per
 * event loop turn, the longest run of finished deliveries at the head of
 * the unacknowledged ones goes as a single `basic.ack` with `multiple`, and
 * deliveries that finished behind a slower one are acked one by one, so a
 * slow handler never holds back the acks (and the prefetch window) of later
 * ones. A delivery is acked only after whatever the caller wrote before
 * calling `done` (a reply), since that was queued on the channel first.
 * Whatever is not acked when the channel goes is redelivered by the broker.
 */
export class AckBatcher {
  /** Delivery tags not yet settled, in delivery order (tags only grow on a channel); from #head on. */
  readonly #tags: number[] = [];
  #head = 0;
  /** Finished, waiting for the next flush. */
  readonly #done = new Set<number>();
  /** Settled out of order (acked alone, or given back): skipped when they reach the head. */
  readonly #settled = new Set<number>();
  #scheduled = false;

  constructor(
    private readonly channel: Channel,
    /** Reports a channel that failed under a flush (it is closing; the broker redelivers). */
    private readonly failed: (error: unknown) => void,
  ) {}

  /** Acks sent as `multiple`, and one by one, since this channel opened. */
  readonly counts = { multiple: 0, single: 0 };

  /** A delivery arrived. */
  received(message: Message): void {
    this.#tags.push(message.fields.deliveryTag);
  }

  /** A delivery finished: it is acked at the end of this turn. */
  done(message: Message): void {
    this.#done.add(message.fields.deliveryTag);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flushScheduled);
    }
  }

  /** A delivery was settled otherwise (nack with requeue): it is not to be acked. */
  settledElsewhere(message: Message): void {
    this.#settled.add(message.fields.deliveryTag);
  }

  /** Sends the pending acks now (before a cancel or close, say). */
  flush(): void {
    if (this.#done.size === 0) return;
    let last = -1;
    while (this.#head < this.#tags.length) {
      const tag = this.#tags[this.#head] as number;
      if (this.#done.delete(tag)) last = tag;
      else if (!this.#settled.delete(tag)) break;
      this.#head++;
    }
    try {
      if (last >= 0) {
        this.channel.ack(tagged(last), true);
        this.counts.multiple++;
      }
      for (const tag of this.#done) {
        this.channel.ack(tagged(tag), false);
        this.counts.single++;
        this.#settled.add(tag);
      }
    } catch (error) {
      this.failed(error);
    }
    this.#done.clear();
    if (this.#head > 1024 && this.#head * 2 > this.#tags.length) {
      this.#tags.splice(0, this.#head);
      this.#head = 0;
    }
  }

  readonly #flushScheduled = (): void => {
    this.#scheduled = false;
    this.flush();
  };
}

/** What amqplib's ack reads of a message: its delivery tag. */
function tagged(deliveryTag: number): Message {
  return { fields: { deliveryTag } } as Message;
}
