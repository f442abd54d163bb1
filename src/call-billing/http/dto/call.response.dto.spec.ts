import { buildCall } from '../../../../test/factories/call.factory.js';
import { CallResponseDto } from './call.response.dto.js';

describe('CallResponseDto', () => {
  it('puts a call on the wire as SPEC §3.1 shows it', () => {
    const call = buildCall({
      id: '1',
      userName: 'alice',
      callDuration: 545_000,
      createdAt: new Date('2026-11-24T10:15:30.123Z'),
    });

    expect(JSON.stringify(new CallResponseDto(call))).toBe(
      '{"id":"1","user_name":"alice","call_duration":545000,' +
        '"created_at":"2026-11-24T10:15:30.123Z","updated_at":"2026-11-24T10:15:30.123Z",' +
        '"started_at":"2026-11-24T10:15:30.123Z","destination":null,"billing_period":"2026-11",' +
        '"late":false,"block_count":19,"billed_seconds":570,"amount":"0.95",' +
        '"rate":{"plan":"default","version":"1970-01-01T00:00:00.000Z","prefix":""}}',
    );
  });

  it.each([
    ['a number (SQLite)', 42, '42'],
    ['a string (MySQL)', '42', '42'],
    ['a bigint string beyond 2^53', '9007199254740993', '9007199254740993'],
  ])(
    'gives the id as a string of digits when the driver gave %s',
    (_, id, expected) => {
      // The entity types id as a string, but SQLite hands it over as a number.
      const call = buildCall({ id: id as string });

      expect(new CallResponseDto(call).id).toBe(expected);
    },
  );

  it('gives times as ISO 8601 UTC, whatever zone the Date was made in', () => {
    const call = buildCall({
      createdAt: new Date('2026-11-24T12:15:30.123+02:00'),
      updatedAt: new Date('2026-11-25T00:00:00.000-05:00'),
    });

    const dto = new CallResponseDto(call);

    expect(dto.created_at).toBe('2026-11-24T10:15:30.123Z');
    expect(dto.updated_at).toBe('2026-11-25T05:00:00.000Z');
    expect(dto.started_at).toBe('2026-11-24T10:15:30.123Z');
  });

  it('has exactly the snake_case fields, nothing of the entity', () => {
    const dto = new CallResponseDto(buildCall({ id: '7' }));

    expect(Object.keys(dto).sort()).toEqual([
      'amount',
      'billed_seconds',
      'billing_period',
      'block_count',
      'call_duration',
      'created_at',
      'destination',
      'id',
      'late',
      'rate',
      'started_at',
      'updated_at',
      'user_name',
    ]);
    expect(Object.keys(dto.rate).sort()).toEqual(['plan', 'prefix', 'version']);
  });
});
