// Response templates of the consumer contracts: what the consumers rely on, as Pact matchers. Ids,
// times and ETags are matched by shape, never by the example's literal value; enumerations the
// consumers branch on (status, outcome, documentType, error codes and pointers) are matched exactly.
import { MatchersV3 } from '@pact-foundation/pact';
import type { DocumentType, PortCallStatus } from './client.ts';
import { EXAMPLE } from './examples.ts';

const { arrayContaining, integer, like, regex, string, uuid } = MatchersV3;

/** RFC 3339 date-time with an explicit offset; fractional seconds allowed (servers may add them). */
export const DATE_TIME_WITH_OFFSET = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';

export function dateTimeWithOffset(example: string) {
  return regex(DATE_TIME_WITH_OFFSET, example);
}

/** A strong entity tag (RFC 9110 §8.8.3); weak tags cannot serve If-Match. */
export const strongEtag = (example: string = EXAMPLE.etag) => regex('^"[\\x21\\x23-\\x7e]*"$', example);

/** Where a created port call lives: a URL (absolute or absolute-path) ending in its id. */
export const portCallLocation = regex(
  '^(https?://[^/]+)?(/[^?#]*)?/port-calls/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  `/api/v1/port-calls/${EXAMPLE.portCallId}`,
);

export const JSON_HEADERS = { 'Content-Type': regex('^application/json(;.*)?$', 'application/json') };
export const PROBLEM_HEADERS = {
  'Content-Type': regex('^application/problem\\+json(;.*)?$', 'application/problem+json'),
};

/** The request headers every consumer sends (Authorization is added by each side's credentials). */
export const ACCEPT_HEADERS = { Accept: 'application/json, application/problem+json' };
export const JSON_REQUEST_HEADERS = { ...ACCEPT_HEADERS, 'Content-Type': 'application/json' };

export interface PortCallExpectation {
  status: PortCallStatus;
  /** null: not recorded yet (matched exactly); a string: any date-time with offset. */
  ata?: string | null;
  atd?: string | null;
  /** null: not decided yet; otherwise the decision the consumer expects. */
  clearance?: null | { decision: string; remarks?: string };
}

/** A PortCall as the consumers read it. */
export function portCallBody(e: PortCallExpectation) {
  const input = EXAMPLE.portCallInput;
  const at = (v: string | null | undefined) => (v === null || v === undefined ? null : dateTimeWithOffset(v));
  return {
    portCallId: uuid(EXAMPLE.portCallId),
    tenant: string('tenant-a'),
    status: e.status,
    ship: like(input.ship),
    portOfCall: string(input.portOfCall),
    eta: dateTimeWithOffset(input.eta),
    etd: dateTimeWithOffset(input.etd),
    ata: at(e.ata),
    atd: at(e.atd),
    clearance:
      e.clearance === null || e.clearance === undefined
        ? null
        : {
            decision: e.clearance.decision,
            ...(e.clearance.remarks === undefined ? {} : { remarks: string(e.clearance.remarks) }),
            decidedAt: dateTimeWithOffset(EXAMPLE.receivedAt),
          },
    createdAt: dateTimeWithOffset(EXAMPLE.receivedAt),
    updatedAt: dateTimeWithOffset(EXAMPLE.receivedAt),
    version: integer(1),
  };
}

/**
 * A PortCall as listed: any status, and no expectation on the nullable fields (ata, atd,
 * clearance), which differ from one listed port call to the next.
 */
export function listedPortCallBody() {
  const { ata: _ata, atd: _atd, clearance: _clearance, ...rest } = portCallBody({ status: 'notified' });
  // Other port calls in the list were notified by other agents: rely only on the ship's required fields.
  const { imoNumber, name, flag } = EXAMPLE.portCallInput.ship;
  return {
    ...rest,
    ship: like({ imoNumber, name, flag }),
    status: regex('^(notified|cancelled|arrived|departed)$', 'notified'),
  };
}

/**
 * A receipt that accepts the submission. `incomplete` is an acceptance too (a cross-document
 * partner is still to come), so consumers that cannot know the order accept either.
 */
export function receiptBody(documentType: DocumentType, outcome: 'accepted' | 'accepted-or-incomplete' = 'accepted') {
  return {
    receiptId: uuid(EXAMPLE.receiptId),
    outcome: outcome === 'accepted' ? 'accepted' : regex('^(accepted|incomplete)$', 'accepted'),
    portCallId: uuid(EXAMPLE.portCallId),
    documentType,
    receivedAt: dateTimeWithOffset(EXAMPLE.receivedAt),
    errors: [],
    // Advisory warnings may come with an accepted receipt; consumers show them, whatever they are.
    warnings: like([]),
  };
}

/** An RFC 9457 problem of the given HTTP status. */
export function problemBody(status: number) {
  return {
    type: string('https://psw.consortium.example/problems/example'),
    title: string('Example'),
    status: integer(status),
  };
}

/** The error a rejection must list: the rule's code and the pointer into the submitted body. */
export interface ExpectedIssue {
  code: string;
  /** Exact pointer, or a regex when the profile allows either of two places. */
  pointer: string | { regex: string; example: string };
}

function issue(e: ExpectedIssue) {
  return {
    code: e.code,
    pointer: typeof e.pointer === 'string' ? e.pointer : regex(e.pointer.regex, e.pointer.example),
    detail: string('explanation'),
  };
}

/** 422 rejection receipt: a problem that is also the receipt, listing the broken rule at its field. */
export function rejectionBody(documentType: DocumentType, expected: ExpectedIssue) {
  return {
    ...problemBody(422),
    receiptId: uuid(EXAMPLE.receiptId),
    outcome: 'rejected',
    documentType,
    receivedAt: dateTimeWithOffset(EXAMPLE.receivedAt),
    errors: arrayContaining(issue(expected)),
  };
}

/** 422 on a business rule of a non-submission (arrival, departure). */
export function ruleViolationBody(expected: ExpectedIssue) {
  return { ...problemBody(422), errors: arrayContaining(issue(expected)) };
}
