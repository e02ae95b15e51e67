/**
 * UN/LOCODE: format (`^[A-Z]{2}[A-Z2-9]{3}$`: ISO 3166-1 country + 3 letters or digits 2–9, never
 * 0/1) and existence in a code list, with the maritime function ("1" in position 1 of Function).
 */
import { parseCsv } from './csv.ts';

export const LOCODE_PATTERN = /^[A-Z]{2}[A-Z2-9]{3}$/;

/** EMSWe placeholder codes for a location with no usable UN/LOCODE (ZZUKN: unknown). Known, not ports. */
export const EMSWE_SPECIAL_LOCODES: ReadonlySet<string> = new Set(['ZZUKN', 'XX888']);

export function isLocodeFormat(s: unknown): s is string {
  return typeof s === 'string' && LOCODE_PATTERN.test(s);
}

export class LocodeListError extends Error {
  override readonly name = 'LocodeListError';
}

// Curated seaports (UN/LOCODE function position 1 = "1"). Only codes known to exist in UN/LOCODE.
const BUILT_IN_PORTS: Readonly<Record<string, string>> = {
  // France, VIGIE/GIE ports and overseas
  FRLEH: 'Le Havre',
  FRURO: 'Rouen',
  FRMRS: 'Marseille',
  FRFOS: 'Fos-sur-Mer',
  FRDKK: 'Dunkerque',
  FRNTE: 'Nantes',
  FRSNR: 'Saint-Nazaire',
  FRLRH: 'La Rochelle',
  FRBOD: 'Bordeaux',
  FRBES: 'Brest',
  FRCER: 'Cherbourg',
  FRCQF: 'Calais',
  FRBOL: 'Boulogne-sur-Mer',
  FRDPE: 'Dieppe',
  FRSML: 'Saint-Malo',
  FRSET: 'Sète',
  FRTLN: 'Toulon',
  FRNCE: 'Nice',
  FRBAY: 'Bayonne',
  FRLRT: 'Lorient',
  FRAJA: 'Ajaccio',
  FRBIA: 'Bastia',
  GPPTP: 'Pointe-à-Pitre',
  MQFDF: 'Fort-de-France',
  NCNOU: 'Nouméa',
  PFPPT: 'Papeete',
  // Morocco
  MAPTM: 'Tanger Med',
  MATNG: 'Tanger',
  MACAS: 'Casablanca',
  MAAGA: 'Agadir',
  MANDR: 'Nador',
  MASFI: 'Safi',
  // Europe
  GBSOU: 'Southampton',
  GBFXT: 'Felixstowe',
  GBLGP: 'London Gateway',
  GBLON: 'London',
  GBTIL: 'Tilbury',
  GBLIV: 'Liverpool',
  GBIMM: 'Immingham',
  GBDVR: 'Dover',
  GBPME: 'Portsmouth',
  GBBEL: 'Belfast',
  GBGRG: 'Grangemouth',
  IEDUB: 'Dublin',
  IEORK: 'Cork',
  NLRTM: 'Rotterdam',
  NLAMS: 'Amsterdam',
  NLVLI: 'Vlissingen',
  NLMOE: 'Moerdijk',
  BEANR: 'Antwerpen',
  BEZEE: 'Zeebrugge',
  BEGNE: 'Gent',
  DEHAM: 'Hamburg',
  DEBRV: 'Bremerhaven',
  DEBRE: 'Bremen',
  DEWVN: 'Wilhelmshaven',
  DEKEL: 'Kiel',
  DKAAR: 'Aarhus',
  DKCPH: 'København',
  SEGOT: 'Göteborg',
  SESTO: 'Stockholm',
  NOOSL: 'Oslo',
  FIHEL: 'Helsinki',
  EETLL: 'Tallinn',
  LVRIX: 'Riga',
  LTKLJ: 'Klaipeda',
  PLGDN: 'Gdansk',
  PLGDY: 'Gdynia',
  ESALG: 'Algeciras',
  ESVLC: 'Valencia',
  ESBCN: 'Barcelona',
  ESBIO: 'Bilbao',
  ESVGO: 'Vigo',
  ESLPA: 'Las Palmas de Gran Canaria',
  ESSCT: 'Santa Cruz de Tenerife',
  PTSIN: 'Sines',
  PTLIS: 'Lisboa',
  PTLEI: 'Leixões',
  ITGOA: 'Genova',
  ITSPE: 'La Spezia',
  ITLIV: 'Livorno',
  ITCIV: 'Civitavecchia',
  ITNAP: 'Napoli',
  ITGIT: 'Gioia Tauro',
  ITTRS: 'Trieste',
  ITVCE: 'Venezia',
  MTMAR: 'Marsaxlokk',
  GRPIR: 'Piraeus',
  GRSKG: 'Thessaloniki',
  SIKOP: 'Koper',
  HRRJK: 'Rijeka',
  ROCND: 'Constanta',
  TRIST: 'Istanbul',
  TRAMB: 'Ambarli',
  TRMER: 'Mersin',
  // Mediterranean, Africa, Middle East
  DZALG: 'Alger',
  TNTUN: 'Tunis',
  EGALY: 'Alexandria',
  EGPSD: 'Port Said',
  ILHFA: 'Haifa',
  ILASH: 'Ashdod',
  LBBEY: 'Beirut',
  SNDKR: 'Dakar',
  CIABJ: 'Abidjan',
  TGLFW: 'Lomé',
  NGLOS: 'Lagos',
  ZADUR: 'Durban',
  ZACPT: 'Cape Town',
  SAJED: 'Jeddah',
  AEJEA: 'Jebel Ali',
  // Asia and Oceania
  SGSIN: 'Singapore',
  MYPKG: 'Port Klang',
  MYTPP: 'Tanjung Pelepas',
  LKCMB: 'Colombo',
  INNSA: 'Nhava Sheva',
  INMUN: 'Mundra',
  CNSHA: 'Shanghai',
  CNNGB: 'Ningbo',
  CNSZX: 'Shenzhen',
  CNYTN: 'Yantian',
  CNTAO: 'Qingdao',
  CNTXG: 'Tianjin Xingang',
  CNXMN: 'Xiamen',
  HKHKG: 'Hong Kong',
  TWKHH: 'Kaohsiung',
  KRPUS: 'Busan',
  JPTYO: 'Tokyo',
  JPYOK: 'Yokohama',
  JPUKB: 'Kobe',
  JPNGO: 'Nagoya',
  AUMEL: 'Melbourne',
  AUSYD: 'Sydney',
  NZAKL: 'Auckland',
  // Americas
  USNYC: 'New York',
  USLAX: 'Los Angeles',
  USLGB: 'Long Beach',
  USSAV: 'Savannah',
  USHOU: 'Houston',
  USSEA: 'Seattle',
  USORF: 'Norfolk',
  CAVAN: 'Vancouver',
  CAMTR: 'Montréal',
  CAHAL: 'Halifax',
  MXZLO: 'Manzanillo',
  PAMIT: 'Manzanillo (Panama)',
  PABLB: 'Balboa',
  COCTG: 'Cartagena',
  BRSSZ: 'Santos',
  BRRIO: 'Rio de Janeiro',
  ARBUE: 'Buenos Aires',
};

/** The built-in seaport codes with their names (read-only view, for docs and probes). */
export const BUILT_IN_SEAPORTS: Readonly<Record<string, string>> = BUILT_IN_PORTS;

// datasets/un-locode header names; UNECE's own CSV has no header and puts Function before Status.
const UNECE_COLUMNS = { country: 1, location: 2 } as const;
const FUNCTION_FIELD = /^[0-9AB-]{8}$/;

let builtIn: LocodeList | undefined;

/** An immutable set of known UN/LOCODEs, each flagged port (maritime function) or not. */
export class LocodeList {
  readonly #entries: ReadonlyMap<string, boolean>;

  private constructor(entries: ReadonlyMap<string, boolean>) {
    this.#entries = entries;
  }

  /** The curated seaports above plus the EMSWe specials (known, not ports). Shared instance. */
  static builtIn(): LocodeList {
    builtIn ??= LocodeList.fromEntries([
      ...Object.keys(BUILT_IN_PORTS).map((code): [string, boolean] => [code, true]),
      ...[...EMSWE_SPECIAL_LOCODES].map((code): [string, boolean] => [code, false]),
    ]);
    return builtIn;
  }

  /** From explicit `[code, isPort]` pairs. Throws LocodeListError on a code of the wrong format. */
  static fromEntries(entries: Iterable<readonly [string, boolean]>): LocodeList {
    const map = new Map<string, boolean>();
    for (const [code, port] of entries) {
      if (!isLocodeFormat(code)) throw new LocodeListError(`not a UN/LOCODE: ${JSON.stringify(code)}`);
      map.set(code, (map.get(code) ?? false) || port);
    }
    return new LocodeList(map);
  }

  /**
   * Parses the UN/LOCODE code list CSV. With a header row (datasets/un-locode `code-list.csv`:
   * Change,Country,Location,Name,…,Status,Function,…) columns are found by name; without one the UNECE
   * layout is assumed and Function is whichever of columns 7/8 looks like an 8-character function field.
   * Country header rows (no Location) are skipped. The EMSWe specials are added unless told not to,
   * because EMSWe messages may carry them where a location is unknown.
   */
  static fromUnLocodeCsv(text: string, opts: { includeEmsweSpecials?: boolean } = {}): LocodeList {
    const rows = parseCsv(text);
    const first = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
    const hasHeader = first.includes('country') && first.includes('location');
    let country: number = UNECE_COLUMNS.country;
    let location: number = UNECE_COLUMNS.location;
    let fn: number | undefined;
    if (hasHeader) {
      country = first.indexOf('country');
      location = first.indexOf('location');
      fn = first.indexOf('function');
      if (fn < 0) throw new LocodeListError('UN/LOCODE CSV header has no "Function" column');
    }
    const map = new Map<string, boolean>();
    for (const row of rows.slice(hasHeader ? 1 : 0)) {
      const code = `${(row[country] ?? '').trim()}${(row[location] ?? '').trim()}`.toUpperCase();
      if (!LOCODE_PATTERN.test(code)) continue; // country header rows and malformed lines
      const functions =
        fn !== undefined
          ? (row[fn] ?? '')
          : ([row[6], row[7]].find((f) => f !== undefined && FUNCTION_FIELD.test(f)) ?? '');
      map.set(code, (map.get(code) ?? false) || functions.trim()[0] === '1');
    }
    if (opts.includeEmsweSpecials ?? true)
      for (const code of EMSWE_SPECIAL_LOCODES) if (!map.has(code)) map.set(code, false);
    return new LocodeList(map);
  }

  /** Known to the list (any function, including the EMSWe specials when present). */
  has(code: string): boolean {
    return typeof code === 'string' && this.#entries.has(code);
  }

  /** Known and a seaport (maritime function). */
  isPort(code: string): boolean {
    return typeof code === 'string' && this.#entries.get(code) === true;
  }

  /** An EMSWe placeholder code known to this list. */
  isSpecial(code: string): boolean {
    return EMSWE_SPECIAL_LOCODES.has(code) && this.has(code);
  }

  get size(): number {
    return this.#entries.size;
  }

  codes(): IterableIterator<string> {
    return this.#entries.keys();
  }

  ports(): string[] {
    return [...this.#entries].filter(([, port]) => port).map(([code]) => code);
  }
}
