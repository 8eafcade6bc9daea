// Sprig date functions with Go time layouts. Times are GoStruct("time.Time") values wrapping a JS Date.

import type { FuncDef } from '../exec';
import { GoStruct, Int64, Value, intValue } from '../values';
import { fn, GoError, nondeterministic } from './util';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  wd: number;
  offsetMin: number;
  zone: string;
}

function parts(date: Date, zone: string | undefined): Parts {
  if (zone === 'UTC' || zone === undefined) {
    const utc = zone === 'UTC' || process.env.TZ === undefined || process.env.TZ === 'UTC';
    if (utc || zone === 'UTC') {
      return { y: date.getUTCFullYear(), mo: date.getUTCMonth(), d: date.getUTCDate(), h: date.getUTCHours(), mi: date.getUTCMinutes(), s: date.getUTCSeconds(), ms: date.getUTCMilliseconds(), wd: date.getUTCDay(), offsetMin: 0, zone: 'UTC' };
    }
  }
  const off = -date.getTimezoneOffset();
  return { y: date.getFullYear(), mo: date.getMonth(), d: date.getDate(), h: date.getHours(), mi: date.getMinutes(), s: date.getSeconds(), ms: date.getMilliseconds(), wd: date.getDay(), offsetMin: off, zone: 'Local' };
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

const TOKENS = ['January', 'Jan', 'Monday', 'Mon', 'MST', '2006', '-07:00:00', '-070000', '-07:00', '-0700', '-07', 'Z07:00:00', 'Z070000', 'Z07:00', 'Z0700', 'Z07', '002', '01', '02', '03', '04', '05', '06', '_2', '15', '1', '2', '3', '4', '5', 'PM', 'pm'];

/** Go's Time.Format. */
export function formatGoTime(date: Date, layout: string, zone?: string): string {
  const p = parts(date, zone);
  let out = '';
  let i = 0;
  while (i < layout.length) {
    // Fractional seconds: .000 / .999 / ,000
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    if (frac) {
      const n = frac[1].length;
      const digits = (String(p.ms).padStart(3, '0') + '000000').slice(0, n);
      if (frac[1][0] === '0') out += layout[i] + digits;
      else {
        const t = digits.replace(/0+$/, '');
        if (t) out += layout[i] + t;
      }
      i += frac[0].length;
      continue;
    }
    const tok = TOKENS.find((t) => layout.startsWith(t, i));
    if (!tok) {
      out += layout[i++];
      continue;
    }
    i += tok.length;
    const off = p.offsetMin;
    const sign = off < 0 ? '-' : '+';
    const oh = pad(Math.floor(Math.abs(off) / 60));
    const om = pad(Math.abs(off) % 60);
    switch (tok) {
      case 'January':
        out += MONTHS[p.mo];
        break;
      case 'Jan':
        out += MONTHS[p.mo].slice(0, 3);
        break;
      case 'Monday':
        out += DAYS[p.wd];
        break;
      case 'Mon':
        out += DAYS[p.wd].slice(0, 3);
        break;
      case 'MST':
        out += p.zone === 'UTC' ? 'UTC' : `${sign}${oh}`;
        break;
      case '2006':
        out += String(p.y).padStart(4, '0');
        break;
      case '06':
        out += pad(p.y % 100);
        break;
      case '01':
        out += pad(p.mo + 1);
        break;
      case '1':
        out += String(p.mo + 1);
        break;
      case '02':
        out += pad(p.d);
        break;
      case '2':
        out += String(p.d);
        break;
      case '_2':
        out += String(p.d).padStart(2, ' ');
        break;
      case '002': {
        const start = Date.UTC(p.y, 0, 1);
        out += pad(Math.floor((Date.UTC(p.y, p.mo, p.d) - start) / 86400000) + 1, 3);
        break;
      }
      case '15':
        out += pad(p.h);
        break;
      case '03':
        out += pad(p.h % 12 || 12);
        break;
      case '3':
        out += String(p.h % 12 || 12);
        break;
      case '04':
        out += pad(p.mi);
        break;
      case '4':
        out += String(p.mi);
        break;
      case '05':
        out += pad(p.s);
        break;
      case '5':
        out += String(p.s);
        break;
      case 'PM':
        out += p.h >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += p.h >= 12 ? 'pm' : 'am';
        break;
      default: {
        // Zone offsets; Z forms print Z for UTC.
        if (tok.startsWith('Z') && off === 0) {
          out += 'Z';
          break;
        }
        const body = tok.replace(/^Z/, '-');
        if (body === '-07') out += sign + oh;
        else if (body === '-0700') out += sign + oh + om;
        else if (body === '-07:00') out += `${sign}${oh}:${om}`;
        else if (body === '-070000') out += sign + oh + om + '00';
        else out += `${sign}${oh}:${om}:00`;
      }
    }
  }
  return out;
}

export function makeTime(date: Date, zone?: string): GoStruct {
  return new GoStruct('time.Time', new Map(), {
    Unix: { params: [], fn: () => new Int64(BigInt(Math.floor(date.getTime() / 1000))) },
    Format: { params: ['string'], fn: (l) => formatGoTime(date, l as string, zone) },
    Year: { params: [], fn: () => BigInt(parts(date, zone).y) },
    UTC: { params: [], fn: () => makeTime(date, 'UTC') },
  }, () => formatGoTime(date, '2006-01-02 15:04:05.999999999 -0700 MST', zone), date);
}

function toDate(v: Value): Date {
  if (v instanceof GoStruct && v.native instanceof Date) return v.native;
  if (typeof v === 'bigint' || v instanceof Int64) return new Date(Number(intValue(v)) * 1000);
  return new Date();
}

/** Go's Duration.String. */
export function durationString(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1000000000n) {
    // Sub-second: ns, µs, ms.
    if (u < 1000n) out = `${u}ns`;
    else if (u < 1000000n) out = trimFrac(Number(u) / 1000) + 'µs';
    else out = trimFrac(Number(u) / 1000000) + 'ms';
  } else {
    const h = u / 3600000000000n;
    u -= h * 3600000000000n;
    const m = u / 60000000000n;
    u -= m * 60000000000n;
    const sec = trimFrac(Number(u) / 1e9);
    out = (h > 0n ? `${h}h` : '') + (h > 0n || m > 0n ? `${m}m` : '') + `${sec}s`;
  }
  return (neg ? '-' : '') + out;
}
function trimFrac(n: number): string {
  return String(Number(n.toFixed(9)));
}

function parseGoDuration(s: string): bigint {
  const re = /([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/g;
  const units: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let neg = false;
  let body = s;
  if (body.startsWith('-') || body.startsWith('+')) {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  if (!/^(([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h))+$/.test(body)) throw new GoError(`time: invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  for (const m of body.matchAll(re)) total += parseFloat(m[1]) * units[m[2]];
  return BigInt(Math.round(neg ? -total : total));
}

export const DATE_FUNCS: Record<string, FuncDef> = {
  now: nondeterministic('clock', fn([], () => makeTime(new Date()))),
  date: nondeterministic('clock', fn(['string', 'any'], ([f, d]) => formatGoTime(toDate(d), f as string))),
  dateInZone: nondeterministic('clock', fn(['string', 'any', 'string'], ([f, d, z]) => formatGoTime(toDate(d), f as string, z === 'UTC' ? 'UTC' : undefined))),
  date_in_zone: nondeterministic('clock', fn(['string', 'any', 'string'], ([f, d, z]) => formatGoTime(toDate(d), f as string, z === 'UTC' ? 'UTC' : undefined))),
  htmlDate: nondeterministic('clock', fn(['any'], ([d]) => formatGoTime(toDate(d), '2006-01-02'))),
  htmlDateInZone: nondeterministic('clock', fn(['any', 'string'], ([d, z]) => formatGoTime(toDate(d), '2006-01-02', z === 'UTC' ? 'UTC' : undefined))),
  dateModify: nondeterministic('clock', fn(['string', 'any'], ([m, d]) => {
    try {
      return makeTime(new Date(toDate(d).getTime() + Number(parseGoDuration(m as string) / 1000000n)));
    } catch {
      return d;
    }
  })),
  date_modify: nondeterministic('clock', fn(['string', 'any'], ([m, d]) => makeTime(new Date(toDate(d).getTime() + Number(parseGoDuration(m as string) / 1000000n))))),
  mustDateModify: nondeterministic('clock', fn(['string', 'any'], ([m, d]) => makeTime(new Date(toDate(d).getTime() + Number(parseGoDuration(m as string) / 1000000n))))),
  ago: nondeterministic('clock', fn(['any'], ([d]) => durationString(BigInt(Math.round((Date.now() - toDate(d).getTime()) / 1000)) * 1000000000n))),
  unixEpoch: nondeterministic('clock', fn(['any'], ([d]) => String(Math.floor(toDate(d).getTime() / 1000)))),
  duration: fn(['any'], ([sec]) => {
    const n = typeof sec === 'string' ? BigInt(/^-?\d+$/.test(sec) ? sec : '0') : typeof sec === 'number' ? BigInt(Math.trunc(sec)) : intValue(sec);
    return durationString(n * 1000000000n);
  }),
  durationRound: fn(['any'], ([d]) => {
    let ns: bigint;
    if (typeof d === 'string') ns = parseGoDuration(d);
    else if (d instanceof GoStruct && d.native instanceof Date) ns = BigInt(Date.now() - d.native.getTime()) * 1000000n;
    else ns = typeof d === 'number' ? BigInt(Math.trunc(d)) : intValue(d);
    const u = ns < 0n ? -ns : ns;
    const s = u / 1000000000n;
    const units: [bigint, string][] = [
      [31536000n, 'y'],
      [2592000n, 'mo'],
      [86400n, 'd'],
      [3600n, 'h'],
      [60n, 'm'],
      [1n, 's'],
    ];
    for (const [n, name] of units) if (s >= n) return `${s / n}${name}`;
    return '0s';
  }),
  toDate: fn(['string', 'string'], ([, s]) => {
    const t = Date.parse(s as string);
    return makeTime(Number.isNaN(t) ? new Date(0) : new Date(t));
  }),
  mustToDate: fn(['string', 'string'], ([, s]) => {
    const t = Date.parse(s as string);
    if (Number.isNaN(t)) throw new GoError(`parsing time ${JSON.stringify(s)}: cannot parse`);
    return makeTime(new Date(t));
  }),
};
