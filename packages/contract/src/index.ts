export * from './enums.ts';
export * from './conversations.ts';
export * from './events.ts';
export * from './team.ts';
