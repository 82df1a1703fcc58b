#!/usr/bin/env node
// Runs the TypeScript sources directly (through tsx), so `npx sitrep` works right after `npm install`
// with no build step to remember.
import "./heap-policy.js";
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
