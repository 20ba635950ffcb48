#!/usr/bin/env node
import { runNodeJs } from "@bufbuild/protoplugin";
import { protocGenKoinosMq } from "./plugin.js";

runNodeJs(protocGenKoinosMq);
