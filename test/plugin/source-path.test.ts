import { createFileRegistry, type DescMessage } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";
import { expect, it } from "vitest";
import { sourcePath } from "../../plugin/model/proto-error.js";
import { fixtures } from "../helpers/plugin-run.js";

it("sourcePath finds every element's source location path exactly as protoplugin's getComments does", () => {
  const registry = createFileRegistry(fixtures());
  let compared = 0;
  const check = (element: Parameters<typeof sourcePath>[0]) => {
    expect(sourcePath(element), element.toString()).toEqual(getComments(element).sourcePath);
    compared++;
  };
  const visit = (message: DescMessage) => {
    check(message);
    for (const field of message.fields) check(field);
    for (const oneof of message.oneofs) check(oneof);
    for (const nested of message.nestedMessages) visit(nested);
  };
  for (const file of registry.files) {
    for (const message of file.messages) visit(message);
    for (const service of file.services) {
      check(service);
      for (const method of service.methods) check(method);
    }
  }
  expect(compared).toBeGreaterThan(500);
});
