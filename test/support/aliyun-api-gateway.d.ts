/** Types for the parts of the npm client `aliyun-api-gateway` (plain JavaScript) the tests use. */
declare module 'aliyun-api-gateway' {
  export interface RequestOptions {
    data?: unknown;
    headers?: Record<string, string | number>;
    signHeaders?: Record<string, string>;
    query?: Record<string, string>;
    timeout?: number;
  }
  /** Signs with HmacSHA256 and throws on a non-2xx status (err.code = status, err.data.headers). */
  export class Client {
    constructor(appKey: string, appSecret: string, stage?: string);
    appKey: string;
    appSecret: Buffer;
    post(url: string, opts?: RequestOptions): Promise<any>;
    get(url: string, opts?: RequestOptions): Promise<any>;
    sign(stringToSign: string): string;
  }
  const api: { Client: typeof Client };
  export default api;
}
