/**
 * The AMQP topology of the Koinos bus, declared exactly as koinos-mq-golang
 * and koinos-mq-cpp declare it: redeclaring with other flags or any
 * x-arguments makes RabbitMQ close the channel with 406 PRECONDITION_FAILED.
 */

/** Direct exchange carrying requests (routing key `koinos.rpc.<service>`) and replies (routing key = reply queue). */
export const RPC_EXCHANGE = "koinos.rpc";
/** Topic exchange carrying broadcasts such as `koinos.block.accept`. */
export const EVENT_EXCHANGE = "koinos.event";
/** Prefix of every service queue and routing key. */
export const RPC_QUEUE_PREFIX = "koinos.rpc.";
/** The only content type the Koinos services accept: raw protobuf. */
export const CONTENT_TYPE = "application/octet-stream";

/**
 * Request header carrying the caller's deadline, in ms since the Unix epoch.
 * A server prefers it to `expiration`, which RabbitMQ counts from when the
 * request was queued and servers can only count from when it arrived.
 * Services that do not know it (Go, C++) ignore it.
 */
export const DEADLINE_HEADER = "x-koinos-deadline";

export const EXCHANGE_OPTIONS = { durable: true, autoDelete: false, internal: false } as const;

/** Service queues: durable, shared by competing consumers. */
export const SERVICE_QUEUE_OPTIONS = { durable: true, exclusive: false, autoDelete: false } as const;

/**
 * Reply and subscription queues: server-named, private to the connection and
 * gone with it (the C++ services' reply queue flags).
 */
export const PRIVATE_QUEUE_OPTIONS = { durable: false, exclusive: true, autoDelete: true } as const;
