/** Identifier and business rules of the psw-v1 profile, as code. */
export * from './imo.ts';
export * from './mmsi.ts';
export * from './locode.ts';
export * from './iso6346.ts';
export * from './dangerous-goods.ts';
export * from './datetime.ts';
export * from './csv.ts';
export * from './issues.ts';
export * from './business.ts';
