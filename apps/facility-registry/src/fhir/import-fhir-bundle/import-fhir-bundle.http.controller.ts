import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import type { Bundle, Resource } from '#fhir';
import { sendFhir } from '#fhir';
import { ImportFhirBundleCommand } from './import-fhir-bundle.command.js';
import { ImportFhirBundleHandler } from './import-fhir-bundle.handler.js';

@ApiTags('FHIR')
@ApiBearerAuth()
@Controller('fhir')
export class ImportFhirBundleHttpController {
  constructor(private readonly handler: ImportFhirBundleHandler) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Import a FHIR R4 Bundle (transaction, batch or collection) of HealthcareService resources with their Location and Organization',
    description:
      'Each HealthcareService becomes a facility. All or nothing: any problem answers 400 with an OperationOutcome naming each one.',
  })
  @ApiBody({
    description: 'application/fhir+json Bundle',
    schema: {
      type: 'object',
      required: ['resourceType', 'type'],
      properties: {
        resourceType: { type: 'string', enum: ['Bundle'] },
        type: { type: 'string' },
        entry: { type: 'array', items: { type: 'object' } },
      },
    },
  })
  @ApiOkResponse({ description: 'A transaction-response (or batch-response) Bundle with one entry per entry sent' })
  async import(@Body() bundle: Resource, @CurrentPrincipal() principal: Principal, @Res() response: Response): Promise<void> {
    const created = await this.handler.execute(await ImportFhirBundleCommand.fromBundle(bundle, principal.sub));
    const sent = (bundle as Bundle).entry ?? [];
    // The n-th HealthcareService became the n-th facility; its Location and Organization share that id.
    const idOf = new Map<string, string>();
    let next = 0;
    for (const entry of sent) {
      if (entry.resource?.resourceType !== 'HealthcareService') continue;
      const id = created[next++]!.id;
      const refs = [entry.fullUrl, `HealthcareService/${entry.resource.id}`];
      for (const key of ['location', 'providedBy'] as const) {
        const value = entry.resource[key] as { reference?: string } | { reference?: string }[] | undefined;
        const reference = Array.isArray(value) ? value[0]?.reference : value?.reference;
        if (reference) refs.push(reference);
      }
      for (const ref of refs) if (ref) idOf.set(ref, id);
    }
    const result: Bundle = {
      resourceType: 'Bundle',
      type: (bundle as Bundle).type === 'batch' ? 'batch-response' : 'transaction-response',
      entry: sent.map((entry) => {
        const type = entry.resource?.resourceType ?? 'Resource';
        const id = idOf.get(entry.fullUrl ?? '') ?? idOf.get(`${type}/${entry.resource?.id}`);
        return id ? { response: { status: '201 Created', location: `${type}/${id}` } } : { response: { status: '200 OK' } };
      }),
    };
    sendFhir(response, result);
  }
}
