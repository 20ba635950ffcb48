/**
 * A request as a transport delivers it, before anything is checked: on
 * RabbitMQ an amqplib message has this shape, the memory bus builds one.
 * The values are as they came (`unknown`), since a request may come from
 * any client, hostile ones included.
 */
export interface IncomingRequest {
  readonly content: Uint8Array;
  readonly properties: {
    readonly headers?: unknown;
    readonly correlationId?: unknown;
    readonly replyTo?: unknown;
    readonly contentType?: unknown;
    readonly expiration?: unknown;
  };
}
