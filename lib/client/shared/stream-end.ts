/**
 * The end of a stream kept in one value: {@link LIVE} while it goes on, then
 * {@link COMPLETED}, or the error it failed with (any value, even undefined, since
 * these two are objects of their own that nothing else can be).
 */

/** The stream has not ended. */
export const LIVE = {};
/** The stream completed. */
export const COMPLETED = {};
