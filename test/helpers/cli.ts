/** Running the real `sitrep` command in a child process, the way a user does, on a given data directory. */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const BIN = path.resolve(import.meta.dirname, "../../bin/sitrep.js");

/** Runs `sitrep ARGS` with DATA_DIR=dir (no Discord token), feeding `input` on stdin; never throws on exit codes. */
export async function runSitrep(dir: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: "silent" };
  delete env.DISCORD_TOKEN;
  try {
    const child = run("node", [BIN, ...args], { env, cwd: dir });
    child.child.stdin!.end(input ?? "");
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
