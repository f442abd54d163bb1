/** A request that contradicts what is already stored: answered 409, naming the field at fault. */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly field: string,
    /** The problem type, when the conflict has a name clients may act on; else about:blank. */
    readonly type?: string,
  ) {
    super(message);
  }
}
