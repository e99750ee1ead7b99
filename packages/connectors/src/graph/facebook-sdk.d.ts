// Minimal typings for the parts of facebook-nodejs-business-sdk (no bundled types) that Inbox uses.
declare module 'facebook-nodejs-business-sdk' {
  export class FacebookAdsApi {
    static readonly VERSION: string;
    static readonly GRAPH: string;
    accessToken: string;
    constructor(accessToken: string, locale?: string, crashLog?: boolean);
    setShowHeader(flag: boolean): this;
    setDebug(flag: boolean): this;
    /**
     * With an array `path`, requests `${urlOverride || GRAPH}/${VERSION}/${path.join('/')}` with the access
     * token; GET/DELETE params go in the query string, POST/PUT params are the JSON body.
     */
    call(
      method: string,
      path: string | string[],
      params?: Record<string, unknown>,
      files?: Record<string, unknown>,
      useMultipartFormData?: boolean,
      urlOverride?: string,
    ): Promise<unknown>;
  }
}
