/**
 * Errors a user can fix (unknown province, bad time zone, empty file…). Transports show the message as it
 * is; anything that is not a UserError is unexpected and is logged with details, the user seeing an id.
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** Extra lines a transport may show (e.g. "Did you mean: Aleppo, Idlib?"). */
    readonly hints: string[] = [],
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** Bad input to ingestion: names what was read and why it was refused. Nothing is stored when it is thrown. */
export class InputError extends UserError {
  constructor(
    readonly origin: string,
    readonly reason: string,
  ) {
    super(`${origin}: ${reason}`);
    this.name = "InputError";
  }
}
