import { acceptCorrelationId, HTTP_CORRELATION_HEADER, withCorrelation } from '#correlation';

interface CorrelatedRequest {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Gives every request a correlation id (the caller's X-Correlation-Id if it is a plain token, a new
 * one otherwise), echoes it on the answer, passes it on to the service behind the gateway, and
 * makes it current for everything the request causes.
 */
export function correlationMiddleware() {
  return (request: CorrelatedRequest, response: { setHeader(name: string, value: string): void }, next: () => void): void => {
    const id = acceptCorrelationId(request.headers[HTTP_CORRELATION_HEADER]);
    request.headers[HTTP_CORRELATION_HEADER] = id;
    response.setHeader(HTTP_CORRELATION_HEADER, id);
    withCorrelation(id, next);
  };
}
