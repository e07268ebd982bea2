import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorBody } from './errors.ts';

/** Fastify's own errors that are the caller's fault, mapped to catalogue codes. */
function fromFastifyError(error: FastifyError): AppError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) return new AppError('MALFORMED_JSON');
  if (error.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (error.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (error.statusCode === 429) return new AppError('RATE_LIMITED');
  return null;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let appError: AppError;
    if (error instanceof AppError) {
      appError = error;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? '',
      }));
      appError = new AppError('VALIDATION_FAILED', { detail: issues.map((i) => i.path).join(', ') }, issues);
    } else {
      const mapped = fromFastifyError(error);
      if (mapped) {
        appError = mapped;
      } else {
        request.log.error({ err: error }, 'unhandled error');
        appError = new AppError('INTERNAL_ERROR');
      }
    }
    if (appError.status >= 500 && error instanceof AppError) request.log.error({ code: appError.code }, 'server error');
    return reply.code(appError.status).send(errorBody(appError, request.locale ?? 'zh-CN'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(new AppError('NOT_FOUND'), request.locale ?? 'zh-CN'));
  });
}
