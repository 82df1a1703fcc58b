/**
 * `sitrep digest run-due [--at ISO-TIME]`: one scheduler pass over Discord's REST API only (no gateway
 * connection), for operators who run an external scheduler (cron, systemd timers, Kubernetes CronJobs) and
 * for tests. Safe to run while the bot's own scheduler runs on the same store: leases and nonces keep every
 * digest to one post.
 */
import { Command, InvalidArgumentError } from "commander";
import type { Context } from "../context.ts";
import { UserError } from "../errors.ts";
import { storeLeases } from "./lease.ts";
import { runDue, type RunSummary } from "./run-due.ts";

type WithContext = <T>(fn: (ctx: Context) => Promise<T>) => Promise<T>;

function isoTime(value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime())) throw new InvalidArgumentError("--at must be an ISO 8601 time, e.g. 2026-11-25T08:00:00Z.");
  return at;
}

/** The `digest` command group of the CLI. */
export function digestCliCommand(withContext: WithContext, print: (s: string) => void): Command {
  const digest = new Command("digest").description("Daily digests");
  digest
    .command("run-due")
    .description("Post the digests that are due now (or at --at), once, over Discord's REST API; no gateway")
    .option("--at <time>", "act as if it were this time (ISO 8601)", isoTime)
    .option("--json", "print the pass summary as JSON")
    .action(async (opts: { at?: Date; json?: boolean }) => {
      await withContext(async (ctx) => {
        const { token, apiUrl } = ctx.config.discord;
        if (!token) throw new UserError("digest run-due needs DISCORD_TOKEN.", ["Set it in the environment or in .env (see .env.example)."]);
        // Loaded on demand: the other subcommands do not need discord.js.
        const { tokenDigestPoster } = await import("../discord/digest-poster.ts");
        const { graceHours, leaseSeconds } = ctx.config.digest;
        const summary = await runDue(ctx, tokenDigestPoster(token, apiUrl), {
          now: opts.at,
          graceMs: graceHours * 3_600_000,
          leaseMs: leaseSeconds * 1000,
          leases: storeLeases(ctx.store.kv),
        });
        print(opts.json ? JSON.stringify(summary, null, 2) : summaryLine(summary));
        if (summary.outcomes.error) process.exitCode = 1;
      });
    });
  return digest;
}

/** "3 due of 40 subscriptions: posted 2, retrying 1 · 1 composition · 180 ms". */
export function summaryLine(s: RunSummary): string {
  const outcomes = Object.entries(s.outcomes).map(([k, n]) => `${k} ${n}`);
  return `${s.due} due of ${s.subscriptions} subscriptions${outcomes.length ? `: ${outcomes.join(", ")}` : ""} · ${s.compositions} composition${s.compositions === 1 ? "" : "s"} · ${s.ms} ms`;
}
