/** Structured logs (pino) to stderr, so stdout stays clean for CLI output and `--json`. */
import pino, { type Logger } from "pino";

export type { Logger };

export function createLogger(level: string = "info"): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
