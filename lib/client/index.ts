/** The reactive client: {@link createClient}. Its types are in `./types`, its transports' interface in `./transport`. */
export { createClient } from './create-client';
