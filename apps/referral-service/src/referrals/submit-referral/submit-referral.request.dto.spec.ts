import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { strictValidationPipe, type FieldProblem } from '#http';
import { patientNeedsFrom, SubmitReferralRequestDto } from './submit-referral.request.dto.js';

// POST /api/referrals as the service validates it: the same strict pipe, the same DTO.

const pipe = strictValidationPipe();

function body(needs: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    levelOfCare: 'detox-residential',
    payer: 'medicaid',
    patientZip: '40202',
    needs: { gender: 'male', ageYears: 34, substances: ['alcohol'], ...needs },
  };
}

async function accepted(request: Record<string, unknown>): Promise<SubmitReferralRequestDto> {
  return (await pipe.transform(request, { type: 'body', metatype: SubmitReferralRequestDto })) as SubmitReferralRequestDto;
}

async function problems(request: Record<string, unknown>): Promise<FieldProblem[]> {
  try {
    await accepted(request);
  } catch (caught) {
    if (!(caught instanceof BadRequestException)) throw caught;
    return (caught.getResponse() as { errors: FieldProblem[] }).errors;
  }
  throw new Error('expected a 400, but the body was accepted');
}

function withoutSubstances(): Record<string, unknown> {
  const request = body();
  const { substances: _dropped, ...needs } = request.needs as Record<string, unknown>;
  return { ...request, needs };
}

describe('POST /api/referrals body', () => {
  describe('needs.substances', () => {
    it('is required, and the 400 names the field and what to send', async () => {
      expect(await problems(withoutSubstances())).toEqual([
        {
          field: 'needs.substances',
          reason: expect.stringMatching(
            /^substances is required: name at least one substance .*opioids, alcohol, sedatives, stimulants, cannabis, other/,
          ),
        },
      ]);
    });

    it.each<[string, unknown, RegExp]>([
      ['null', null, /is required/],
      ['an empty list', [], /must name at least one substance/],
      ['not a list', 'alcohol', /must be a list of substances/],
      ['an unknown substance', ['alcohol', 'fentanyl'], /"fentanyl" is not a substance this service knows: use opioids, alcohol/],
      ['a substance twice', ['alcohol', 'opioids', 'alcohol'], /names alcohol more than once/],
    ])('rejects %s with one reason', async (_case, substances, reason) => {
      const found = await problems(body({ substances }));
      expect(found).toHaveLength(1);
      expect(found[0]).toEqual({ field: 'needs.substances', reason: expect.stringMatching(reason) });
    });

    it('accepts every substance of the vocabulary', async () => {
      const dto = await accepted(body({ substances: ['opioids', 'alcohol', 'sedatives', 'stimulants', 'cannabis', 'other'] }));
      expect(dto.needs.substances).toHaveLength(6);
    });
  });

  describe('the court order', () => {
    it('takes a kind, or null for none', async () => {
      expect(patientNeedsFrom((await accepted(body({ courtOrder: 'dui' }))).needs).courtOrder).toBe('dui');
      expect(patientNeedsFrom((await accepted(body({ courtOrder: null }))).needs).courtOrder).toBeNull();
      expect(patientNeedsFrom((await accepted(body())).needs).courtOrder).toBeNull();
    });

    it('still accepts the old courtOrdered: true as a court order of kind other, and false as none', async () => {
      expect(patientNeedsFrom((await accepted(body({ courtOrdered: true }))).needs).courtOrder).toBe('other');
      expect(patientNeedsFrom((await accepted(body({ courtOrdered: false }))).needs).courtOrder).toBeNull();
    });

    it('accepts both when they agree', async () => {
      expect(patientNeedsFrom((await accepted(body({ courtOrdered: true, courtOrder: 'dui' }))).needs).courtOrder).toBe('dui');
      expect(patientNeedsFrom((await accepted(body({ courtOrdered: false, courtOrder: null }))).needs).courtOrder).toBeNull();
    });

    it.each<[boolean, string | null]>([
      [true, null],
      [false, 'dui'],
      [false, 'other'],
    ])('rejects courtOrdered %p with courtOrder %p, naming courtOrdered', async (courtOrdered, courtOrder) => {
      expect(await problems(body({ courtOrdered, courtOrder }))).toEqual([
        {
          field: 'needs.courtOrdered',
          reason: expect.stringMatching(/^courtOrdered is (true|false) but courtOrder is .*: send courtOrder alone/),
        },
      ]);
    });

    it('rejects an unknown kind', async () => {
      expect(await problems(body({ courtOrder: 'parole' }))).toEqual([
        { field: 'needs.courtOrder', reason: 'courtOrder must be one of dui, other or null' },
      ]);
    });
  });

  it('rejects unknown medications to continue or start, and non-boolean family needs, naming each field', async () => {
    const found = await problems(body({ medication: 'fentanyl', startMedication: 'naloxone', bedsForChildren: 'yes', childcare: 1 }));
    expect(found.map((problem) => problem.field).sort()).toEqual([
      'needs.bedsForChildren',
      'needs.childcare',
      'needs.medication',
      'needs.startMedication',
    ]);
  });
});

describe('patientNeedsFrom', () => {
  it('maps every need, with none for what was not sent', async () => {
    expect(patientNeedsFrom((await accepted(body())).needs)).toEqual({
      gender: 'male',
      ageYears: 34,
      pregnant: false,
      coOccurringMentalIllness: false,
      substances: ['alcohol'],
      courtOrder: null,
      medication: null,
      startMedication: null,
      bedsForChildren: false,
      childcare: false,
      language: null,
    });
  });

  it('carries what was sent', async () => {
    const dto = await accepted(
      body({
        gender: 'female',
        pregnant: true,
        substances: ['opioids', 'sedatives'],
        courtOrder: 'other',
        medication: 'buprenorphine-sublingual',
        startMedication: 'naltrexone-extended-release',
        bedsForChildren: true,
        childcare: true,
        language: 'spanish',
      }),
    );
    expect(patientNeedsFrom(dto.needs)).toEqual({
      gender: 'female',
      ageYears: 34,
      pregnant: true,
      coOccurringMentalIllness: false,
      substances: ['opioids', 'sedatives'],
      courtOrder: 'other',
      medication: 'buprenorphine-sublingual',
      startMedication: 'naltrexone-extended-release',
      bedsForChildren: true,
      childcare: true,
      language: 'spanish',
    });
  });
});
