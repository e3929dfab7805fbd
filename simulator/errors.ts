// The simulator's error catalogue. Bodies follow the [INFERRED] AWS-style shape of NOTES §4:
// `{ exceptionName, messages: ["AWS... text"], code }`. The spec defines no error schema; message ids
// are modelled on real ones (AWSJCS027E seen in a lab) and are not HCL's exact catalogue.

export const ERROR_CODES = {
  OQL_FILTER_SYNTAX_ERROR: {
    status: 400,
    id: 'AWSJOQ001E',
    exception: 'com.ibm.tws.conn.exception.ConnValidationException',
  },
  INVALID_PARAMETER: {
    status: 400,
    id: 'AWSJCS027E',
    exception: 'com.ibm.tws.conn.exception.ConnValidationException',
  },
  INVALID_ACTION: {
    status: 400,
    id: 'AWSJPL506E',
    exception: 'com.ibm.tws.conn.exception.ConnValidationException',
  },
  INVALID_BODY: {
    status: 400,
    id: 'AWSJCS011E',
    exception: 'com.ibm.tws.conn.exception.ConnValidationException',
  },
  NOT_AUTHORIZED: {
    status: 401,
    id: 'AWSJCS001E',
    exception: 'com.ibm.tws.conn.exception.ConnSecurityException',
  },
  NOT_FOUND: { status: 404, id: 'AWSJPL003E', exception: 'com.ibm.tws.conn.exception.ConnNotFoundException' },
  JOBLOG_NOT_AVAILABLE: {
    status: 404,
    id: 'AWSJPL620E',
    exception: 'com.ibm.tws.conn.exception.ConnNotFoundException',
  },
  METHOD_NOT_ALLOWED: { status: 405, id: 'AWSJCS405E', exception: 'javax.ws.rs.NotAllowedException' },
  ALREADY_EXISTS: {
    status: 409,
    id: 'AWSJPL714E',
    exception: 'com.ibm.tws.conn.exception.ConnAlreadyExistsException',
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, id: 'AWSJCS415E', exception: 'javax.ws.rs.NotSupportedException' },
  TOO_MANY_REQUESTS: { status: 429, id: 'AWSJCS429E', exception: 'com.ibm.tws.conn.exception.ConnException' },
  INTERNAL_ERROR: { status: 500, id: 'AWSJCS500E', exception: 'com.ibm.tws.conn.exception.ConnException' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    id: 'AWSJCS503E',
    exception: 'com.ibm.tws.conn.exception.ConnException',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  exceptionName: string;
  messages: string[];
  code: ErrorCode;
}

export class SimError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    status?: number,
  ) {
    super(message);
    this.name = 'SimError';
    this.status = status ?? ERROR_CODES[code].status;
  }

  body(): ErrorBody {
    const entry = ERROR_CODES[this.code];
    return { exceptionName: entry.exception, messages: [`${entry.id} ${this.message}`], code: this.code };
  }
}
