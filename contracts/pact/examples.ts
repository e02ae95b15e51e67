// The fixed example data of the consumer contracts. Pact files must regenerate byte for byte, so
// nothing here depends on the clock: the valid messages come from the contract suite's builders
// at a fixed instant, and ids are constants (the matchers say what shape real ones have).
import {
  formatDateTime,
  sampleCrewList,
  sampleDangerousGoods,
  sampleGeneralDeclaration,
  samplePassengerList,
  samplePortCall,
  sampleSecurityNotification,
  sampleWasteNotification,
} from '../samples.ts';

const NOW = new Date('2026-11-20T10:00:00Z');
const portCallInput = samplePortCall({ now: NOW });
const HOUR_MS = 3_600_000;

const CREW = 3;
const PASSENGERS = 2;

export const EXAMPLE = {
  now: NOW,
  portCallId: '5f0c8d2e-3b1a-4c7e-9f62-8a4d1e7b2c90',
  receiptId: '9b2e4f61-7c3d-4a58-b0e1-2d6f8c4a1e37',
  etag: '"1"',
  /** What a server answers for receivedAt, createdAt, decidedAt (any offset date-time matches). */
  receivedAt: '2026-11-20T10:00:00Z',
  portCallInput,
  /** The notification as corrected before the update: one more person on board. */
  updatedPortCallInput: { ...portCallInput, personsOnBoard: (portCallInput.personsOnBoard ?? 0) + 1 },
  /** IMO 9074728: one off the check digit of 9074729. */
  wrongImoPortCallInput: { ...portCallInput, ship: { ...portCallInput.ship, imoNumber: '9074728' } },
  cancelReason: 'Voyage cancelled by the owner',
  counts: { numberOfCrew: CREW, numberOfPassengers: PASSENGERS },
  generalDeclaration: sampleGeneralDeclaration(portCallInput, { crew: CREW, passengers: PASSENGERS }),
  crewList: sampleCrewList(CREW),
  /** One crew member short of the declared numberOfCrew. */
  shortCrewList: sampleCrewList(CREW - 1),
  passengerList: samplePassengerList(portCallInput, PASSENGERS),
  dangerousGoods: sampleDangerousGoods(),
  waste: sampleWasteNotification(portCallInput, NOW),
  security: {
    ...sampleSecurityNotification(portCallInput, NOW),
    // Far enough ahead that verifying years from now raises no ISSC_EXPIRED advisory.
    issc: { valid: true, issuer: 'Bureau Veritas', expiryDate: '2036-06-30' },
  },
  ata: formatDateTime(new Date(NOW.getTime() - 3 * HOUR_MS), 60),
  atd: formatDateTime(new Date(NOW.getTime() - HOUR_MS), 0),
  /** An hour before the ata above. */
  atdBeforeAta: formatDateTime(new Date(NOW.getTime() - 4 * HOUR_MS), 60),
  clearanceRemarks: 'Pre-arrival formalities complete',
  cursor: 'opaque-cursor-example',
  pageSize: 2,
} as const;
