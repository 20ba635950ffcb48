import { afterAll } from "vitest";
import { connect, type Bus, type ConnectOptions } from "koinos-mq-ts";

/** Opens buses on `url` and closes every one of them after the test file. */
export function busFactory(url: string): (options?: ConnectOptions) => Promise<Bus> {
  const buses: Bus[] = [];
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
  });
  return async (options = {}) => {
    const bus = await connect({ url, ...options });
    buses.push(bus);
    return bus;
  };
}
