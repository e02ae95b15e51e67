// PSW-API-003: createPortCall answers 201 with a Location that resolves, an ETag and an accepted receipt.
import { defineCheck } from '../../engine/check.ts';
import type { Finding } from '../../engine/types.ts';
import { LIFECYCLE_STEPS } from './collectors/port-call-lifecycle.ts';
import { evidenceOf, isObject, locationOf, stepNamed } from './judging.ts';

// RFC 9110 §8.8.3: a strong entity tag is a quoted string without the W/ prefix.
const STRONG_ETAG = /^"[\x21\x23-\x7e\x80-\xff]*"$/;

export default defineCheck({
  id: 'port-call-creation',
  title: 'Creating a port call answers 201 with Location, ETag and an accepted receipt',
  failureTitle: 'Creating a port call does not answer 201 with Location, ETag and an accepted receipt',
  description:
    'A client that notifies a port call needs to know where the new resource lives and which version ' +
    'it created: RFC 9110 §15.3.2 (201 Created with `Location`) and §8.8.3 (`ETag`, which later ' +
    'conditional updates send back in `If-Match`). The profile (psw-v1, createPortCall) also requires ' +
    'the receipt saying the notification was accepted. A valid notification is created and its ' +
    '`Location` followed.',
  remediation:
    'Answer createPortCall with 201 Created, a Location header naming the new port call, an ETag of the version created and an accepted receipt in the body.',
  area: 'contract',
  requirements: ['PSW-API-003'],
  requires: ['PortCallLifecycle'],
  messages: {
    status: 'A valid port call was answered HTTP {{status}}, not 201',
    'location-missing': 'The 201 answer has no Location header',
    'location-unresolved': 'Following Location {{location}} gave HTTP {{status}}, not the port call',
    'etag-missing': 'The 201 answer has no ETag header',
    'etag-invalid': 'The ETag {{etag}} is not a strong entity tag',
    'receipt-not-accepted': 'The 201 answer is not an accepted receipt (outcome {{outcome}})',
  },
  defaultOptions: {},
  run({ PortCallLifecycle: lc }, ctx) {
    const create = stepNamed(lc, LIFECYCLE_STEPS.create);
    const at = (extra = {}) => locationOf(create, extra);
    const ev = evidenceOf(create);
    if (create.status < 200 || create.status >= 300) {
      return ctx.fail(
        [ctx.finding('status', { status: create.status }, at(), ev)],
        `createPortCall answered HTTP ${create.status}`,
      );
    }
    const findings: Finding[] = [];
    if (create.status !== 201) findings.push(ctx.finding('status', { status: create.status }, at(), ev));

    const location = create.headers.location;
    if (!location) {
      findings.push(ctx.finding('location-missing', undefined, at({ header: 'Location' }), ev));
    } else {
      const read = stepNamed(lc, LIFECYCLE_STEPS.read);
      const receiptId = isObject(create.body) ? create.body.portCallId : undefined;
      const readId = isObject(read.body) ? read.body.portCallId : undefined;
      // The Location must lead to this port call, not merely to something that answers 200.
      if (read.status !== 200 || (typeof receiptId === 'string' && readId !== receiptId)) {
        findings.push(
          ctx.finding(
            'location-unresolved',
            { location, status: read.status },
            locationOf(read, { header: 'Location' }),
            evidenceOf(create, read),
          ),
        );
      }
    }

    const etag = create.headers.etag;
    if (!etag) findings.push(ctx.finding('etag-missing', undefined, at({ header: 'ETag' }), ev));
    else if (!STRONG_ETAG.test(etag)) findings.push(ctx.finding('etag-invalid', { etag }, at({ header: 'ETag' }), ev));

    const outcome =
      isObject(create.body) && typeof create.body.receiptId === 'string' ? create.body.outcome : undefined;
    if (outcome !== 'accepted') {
      findings.push(
        ctx.finding(
          'receipt-not-accepted',
          { outcome: typeof outcome === 'string' ? outcome : null },
          at({ jsonPointer: '/outcome', in: 'response' }),
          ev,
        ),
      );
    }
    if (findings.length > 0) return ctx.fail(findings, `${findings.length} problem(s) with the 201 answer`);
    return ctx.pass(
      '201 with Location (resolving to the port call), a strong ETag and an accepted receipt',
      evidenceOf(create, lc.steps[LIFECYCLE_STEPS.read]),
    );
  },
});
