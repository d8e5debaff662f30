/**
 * Domain errors. Domain and application code throw these; one middleware maps them to
 * RFC 9457 problem details (see shared/http/problem.ts). Each carries a stable code so
 * clients and tests can branch on it without parsing prose.
 */
export interface FieldProblem {
  /** JSON-pointer-like path of the offending field, e.g. `/billing/email` or `query.limit`. */
  readonly path: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  readonly code: string;
  readonly errors: readonly FieldProblem[] | undefined;
  /** Extra members of the problem document (RFC 9457 extensions), such as an import's row report. */
  readonly extensions: Readonly<Record<string, unknown>> | undefined;
  constructor(code: string, message: string, errors?: readonly FieldProblem[], extensions?: Readonly<Record<string, unknown>>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.errors = errors;
    this.extensions = extensions;
  }
}

/** The request is malformed or fails its schema (400). */
export class ValidationError extends DomainError {
  readonly status = 400;
}

/** The request is well formed but breaks a business rule about its content (422). */
export class UnprocessableError extends DomainError {
  readonly status = 422;
}

/** No token, or a token that cannot be read (401). */
export class UnauthorizedError extends DomainError {
  readonly status = 401;
}

/** The caller is known but may not do this (403). */
export class ForbiddenError extends DomainError {
  readonly status = 403;
}

/** Nothing there, or nothing the caller may see (404). */
export class NotFoundError extends DomainError {
  readonly status = 404;
}

/** The target's state forbids the change, e.g. a closed year or a duplicate (409). */
export class ConflictError extends DomainError {
  readonly status = 409;
}

/** An `If-Match` precondition did not hold (412). */
export class PreconditionFailedError extends DomainError {
  readonly status = 412;
}

/** `If-Match` is required for this update (428). */
export class PreconditionRequiredError extends DomainError {
  readonly status = 428;
}

/** The body is larger than the route accepts (413). */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
}

/** The body's media type is not one the route accepts (415). */
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
}

/** The representation asked for in `Accept` cannot be produced (406). */
export class NotAcceptableError extends DomainError {
  readonly status = 406;
}

/** A dependency is throttling us; the client may retry later (503). */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
}

/**
 * A conditional write found the item not as expected. Repositories throw it; use cases
 * turn it into the precise answer. Should one escape, the client gets a plain 409.
 */
export class ConditionFailed extends ConflictError {
  constructor(what: string) {
    super('CONFLICT.CONCURRENT_CHANGE', 'the record changed while this request was being handled; retry');
    this.name = 'ConditionFailed';
    this.what = what;
  }
  readonly what: string;
}
