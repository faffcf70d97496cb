import { Logger } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ServiceRoute } from '../proxy/service-routes.js';
import { mergeOpenApi } from './openapi-merge.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Fetches every service's OpenAPI document, waiting with backoff for services still starting. */
export async function loadPublicApiDocument(routes: readonly ServiceRoute[], timeoutMs = 180_000): Promise<OpenAPIObject> {
  const logger = new Logger('ApiDocs');
  const deadline = Date.now() + timeoutMs;
  const documents: OpenAPIObject[] = [];
  for (const route of routes.filter((candidate) => candidate.hasApi)) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await fetch(`${route.target}/openapi.json`);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        documents.push((await response.json()) as OpenAPIObject);
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`${route.name} at ${route.target} did not answer: ${(error as Error).message}. Is it running?`, { cause: error });
        }
        if (attempt % 5 === 1) logger.log(`waiting for ${route.name} at ${route.target} (${(error as Error).message})`);
        await sleep(Math.min(2_000, 200 * attempt));
      }
    }
  }
  return mergeOpenApi(
    {
      title: 'SUD treatment referral and bed availability API',
      description:
        'Find facilities with a free bed in the right level of care, refer patients, and keep bed counts current. ' +
        'Facility directory data: SAMHSA N-SUMHSS locator listing.',
      version: '1',
    },
    documents,
  );
}
