import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { AmqplibInstrumentation } from "@opentelemetry/instrumentation-amqplib";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";

/**
 * Import this first in a test file: OpenTelemetry's amqplib instrumentation,
 * with a tracer provider and the W3C propagators, as an application that
 * traces would set it up. It wraps amqplib's files as they load, so amqplib
 * must not have been loaded before.
 */
const provider = new NodeTracerProvider();
provider.register();
registerInstrumentations({ instrumentations: [new AmqplibInstrumentation()], tracerProvider: provider });
