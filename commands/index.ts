/** Every slash command, in the order /help lists them. The deploy script registers exactly these. */
import type { Command } from "../src/command.ts";
import { brief } from "./brief.ts";
import { digest } from "./digest.ts";
import { helpCommand } from "./help.ts";
import { ingestCommand } from "./ingest.ts";
import { report } from "./report.ts";
import { search } from "./search.ts";
import { sources } from "./sources.ts";

export const commands: Command[] = [brief, search, report, sources, ingestCommand, digest, helpCommand(() => commands)];
