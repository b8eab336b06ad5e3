/** The only source of "now". Production passes the system clock; tests pass a fake one. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
