/** What the gateway learned about a request, for the log line and the journal. */
export interface RequestOutcome {
  /** The API path when the request reached an API. */
  api?: string;
  /** The envelope's business code, when one was answered. */
  code?: number;
  iotId?: string;
  /** The precise reason of an error answer. */
  detail?: string;
  /** The X-Ca-Error-Code of a gateway error. */
  gatewayError?: string;
  /** The fault rule that fired on this request. */
  faultRuleId?: string;
  /** The world's clock when the request reached its handler. */
  receivedAtMs?: number;
  /** The answer's body as sent, for the journal. */
  responseBody?: string;
  /** Set once the request is in the journal (a dropped or hung one is recorded early). */
  journaled?: boolean;
}
