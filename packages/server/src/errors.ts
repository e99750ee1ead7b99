/**
 * An error whose message is safe to show the client, with the HTTP status it maps to. Neutral
 * ground: services and auth throw it, the API's error handler (api/errors.ts) renders it.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
