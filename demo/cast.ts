import type { EmulatedUser } from '../emulator/index.js';

/**
 * A small, realistic workspace for the demo and the tests: people spread
 * across time zones with and without daylight saving, and a coordinator.
 */
export const CAST = {
  aiko: { id: 'U0AIKO0001', name: 'aiko', realName: 'Aiko Tanaka', email: 'aiko@example.com', tz: 'Asia/Tokyo' },
  bruno: { id: 'U0BRUNO001', name: 'bruno', realName: 'Bruno Costa', email: 'bruno@example.com', tz: 'America/Sao_Paulo' },
  chloe: { id: 'U0CHLOE001', name: 'chloe', realName: 'Chloé Martin', email: 'chloe@example.com', tz: 'Europe/Paris' },
  dev: { id: 'U0DEV00001', name: 'dev', realName: 'Dev Sharma', email: 'dev@example.com', tz: 'Asia/Kolkata' },
  emma: { id: 'U0EMMA0001', name: 'emma', realName: 'Emma Johnson', email: 'emma@example.com', tz: 'America/New_York' },
  grace: { id: 'U0GRACE001', name: 'grace', realName: 'Grace Okafor', email: 'grace@example.com', tz: 'Europe/London' },
} as const satisfies Record<string, EmulatedUser>;

export const COORDINATOR_CHANNEL = { id: 'C0COORD001', name: 'mentoring-coordinators' } as const;

export const castUsers: EmulatedUser[] = Object.values(CAST);
