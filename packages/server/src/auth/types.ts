import type { Role } from '../models/user.ts';

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  /** Display name, when the user has one. */
  name: string | null;
}

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    /** The user's `sessionEpoch` at sign-in; a session from an older epoch has ended. */
    epoch?: number;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user, set by `requireSession`. */
    user?: SessionUser;
  }
}
