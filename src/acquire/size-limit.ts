import { InputError } from "../errors.ts";

/** A byte count for people: "812 bytes", "48.2 KB", "6.0 MB" (1 KB = 1024 bytes). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A size with its exact byte count when rounding hides it: "812 bytes", "6.0 MB (6291456 bytes)". */
function exactSize(bytes: number): string {
  return bytes < 1024 ? formatSize(bytes) : `${formatSize(bytes)} (${bytes} bytes)`;
}

/**
 * The one message for input over MAX_INPUT_BYTES. It names the size when known (a file, a Content-Length)
 * or says reading stopped at the limit (a streamed body), and always names the limit and its setting.
 */
export function tooLargeError(origin: string, limit: number, size?: number): InputError {
  const what = size === undefined ? "input is over" : `input is ${exactSize(size)}, over`;
  const tail = size === undefined ? "; stopped reading there" : "";
  return new InputError(origin, `${what} the limit of ${exactSize(limit)}, set by MAX_INPUT_BYTES${tail}`);
}
