import { describe, expect, it } from 'vitest';
import check from '../../../suites/contract/crew-count-consistency.ts';
import { FORMALITY_PROBES } from '../../../suites/contract/collectors/formality-probes.ts';
import {
  API,
  PC1,
  findingsOf,
  formalityProbes,
  probe,
  problem,
  receipt,
  rejection,
  runCheck,
  step,
} from './builders.ts';

const crewUrl = `${API}/port-calls/${PC1}/formalities/crew-list`;
const gdUrl = `${API}/port-calls/${PC1}/formalities/general-declaration`;
const shortLoc = { operationId: 'submitCrewList', method: 'POST', url: crewUrl, jsonPointer: '/crew', in: 'request' };
const short = (status: number, body?: unknown) =>
  probe(FORMALITY_PROBES.crewCountShort, '/crew', status, body, { operationId: 'submitCrewList', url: crewUrl });

describe('crew-count-consistency', () => {
  it('passes when FAL1 is incomplete, the short list refused at /crew and the matching list accepted', async () => {
    const product = await runCheck(check, { FormalityProbes: formalityProbes() });
    expect(product.outcome).toBe('pass');
    expect(product.evidence).toEqual(['ev-generalDeclaration', 'ev-crew-count-short', 'ev-crewList']);
  });

  it('passes when the mismatch is reported with a 400 at /crew', async () => {
    const product = await runCheck(check, {
      FormalityProbes: formalityProbes({
        shortList: short(
          400,
          problem(400, { errors: [{ code: 'CREW_COUNT_MISMATCH', pointer: '/crew', detail: '' }] }),
        ),
      }),
    });
    expect(product.outcome).toBe('pass');
  });

  it.each([
    [
      'the short list is accepted',
      { shortList: short(201, receipt('accepted')) },
      [{ id: 'accepted', location: shortLoc }],
    ],
    [
      'the short list crashes the server',
      { shortList: short(500, problem(500)) },
      [{ id: 'server-error', location: shortLoc }],
    ],
    [
      'the short list is refused at another field',
      { shortList: short(422, rejection([['CREW_COUNT_MISMATCH', '/numberOfCrew']])) },
      [{ id: 'no-pointer', location: shortLoc }],
    ],
    [
      'FAL1 before the crew list is accepted outright',
      {
        generalDeclaration: step(
          { url: gdUrl, status: 201, operationId: 'submitGeneralDeclaration', body: receipt('accepted') },
          'generalDeclaration',
        ),
      },
      [
        {
          id: 'pending-not-flagged',
          location: {
            operationId: 'submitGeneralDeclaration',
            method: 'POST',
            url: gdUrl,
            jsonPointer: '/outcome',
            in: 'response',
          },
        },
      ],
    ],
    [
      'the matching list is refused',
      {
        matchingList: step(
          {
            url: crewUrl,
            status: 422,
            operationId: 'submitCrewList',
            body: rejection([['CREW_COUNT_MISMATCH', '/crew']]),
          },
          'crewList',
        ),
      },
      [{ id: 'matching-list-refused', location: { operationId: 'submitCrewList', method: 'POST', url: crewUrl } }],
    ],
  ])('fails when %s', async (_name, change, expected) => {
    const product = await runCheck(check, { FormalityProbes: formalityProbes(change) });
    expect(product.outcome).toBe('fail');
    expect(findingsOf(product).map(({ id, location }) => ({ id, location }))).toEqual(expected);
    for (const f of product.findings ?? []) expect(f.evidence?.length).toBe(1);
  });

  it.each([
    [
      'FAL1 was refused',
      { generalDeclaration: step({ status: 422, body: rejection([['IMO_CHECK_DIGIT', '/imoNumber']]) }) },
      /control general declaration/,
    ],
    ['FAL1 was not recorded', { generalDeclaration: null }, /no control/],
    ['the short list was not recorded', { shortList: null }, /short crew list/],
    ['the matching list was not recorded', { matchingList: null }, /matching crew list/],
  ])('errors when %s', async (_name, change, message) => {
    await expect(runCheck(check, { FormalityProbes: formalityProbes(change) })).rejects.toThrow(message);
  });
});
