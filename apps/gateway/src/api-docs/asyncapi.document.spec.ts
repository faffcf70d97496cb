import { DiagnosticSeverity, Parser, type Diagnostic } from '@asyncapi/parser';
import { Topic } from '#contracts';
import { asyncApiDocument } from './asyncapi.document.js';

type Json = Record<string, any>;
// The parser re-exports DiagnosticSeverity from one copy of @stoplight/types, and types its diagnostics with spectral's own copy.
const ERROR = DiagnosticSeverity.Error as number as Diagnostic['severity'];
const document: Json = asyncApiDocument(['kafka.example:9092']);

describe('the AsyncAPI document', () => {
  it('is valid AsyncAPI 3.0 with one channel per topic, old versions included', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === ERROR).map((diagnostic) => diagnostic.message)).toEqual([]);
    const addresses = parsed!
      .channels()
      .all()
      .map((channel) => channel.address());
    expect(addresses.sort()).toEqual(Object.values(Topic).sort());
  }, 30_000);

  it('describes the referral events with the age band, never the exact age', () => {
    const { schemas, messages } = document.components;
    expect(messages.referralSubmitted.payload.allOf[1].properties.payload.$ref).toBe('#/components/schemas/ReferralSubmittedValue');
    expect(messages.referralTask.payload.allOf[1].properties.payload.$ref).toBe('#/components/schemas/ReferralTaskValue');
    for (const needs of [schemas.PatientNeedsValue, schemas.BedFitValue]) {
      expect(needs.required).toContain('ageBand');
      expect(needs.properties.ageBand.enum).toEqual(['under-18', '18-25', '26-64', '65-and-over']);
      expect(needs.properties).not.toHaveProperty('ageYears');
    }
  });

  it('marks the replaced versions deprecated, read during an upgrade and no longer published', () => {
    const { channels, operations, components } = document;
    for (const [name, topic, successor] of [
      ['referralSubmittedV2', Topic.ReferralSubmittedV2, Topic.ReferralSubmitted],
      ['referralTaskV1', Topic.ReferralTaskV1, Topic.ReferralTask],
    ] as const) {
      expect(components.messages[name]).toMatchObject({ title: topic, deprecated: true });
      expect(channels[name].address).toBe(topic);
      expect(channels[name].description).toMatch(new RegExp(`^Deprecated: replaced by ${successor.replaceAll('.', '\\.')};`));
      const [operation, ...others] = Object.values(operations as Record<string, Json>).filter(
        (candidate) => candidate.channel.$ref === `#/channels/${name}`,
      );
      expect(others).toEqual([]);
      expect(operation!.action).toBe('receive');
    }
    expect(components.messages.referralSubmitted.deprecated).toBeUndefined();
    expect(operations.sendReferralSubmitted.channel.$ref).toBe('#/channels/referralSubmitted');
    expect(channels.referralSubmitted.address).toBe(Topic.ReferralSubmitted);
  });
});
