import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { strictValidationPipe } from './validation.pipe.js';

export const API_PREFIX = 'api';

/** What every HTTP service shares: the /api prefix, strict validation, a body limit and its OpenAPI. */
export function configureHttpApp(app: INestApplication, title: string, description: string): OpenAPIObject {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  app.useGlobalPipes(strictValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(title)
      .setDescription(description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'From POST /api/auth/token' })
      .build(),
  );
  app.getHttpAdapter().get('/openapi.json', (_request: unknown, response: { json(body: unknown): void }) => {
    response.json(document);
  });
  return document;
}
