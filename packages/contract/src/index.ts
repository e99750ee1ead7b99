export * from './enums.ts';
export * from './conversations.ts';
export * from './events.ts';
export * from './analytics.ts';
// Runtime: only the zod-free rules (the web app imports this index); schemas: '@inbox/contract/team'.
export * from './team-rules.ts';
export type * from './team.ts';
