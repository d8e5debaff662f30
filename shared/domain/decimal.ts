/**
 * Exact decimal arithmetic on BigInt, for the few ratios money meets: agreed shares, weights,
 * an uplift, a run-rate. A value is a fraction of two BigInts kept in lowest terms, so adding,
 * multiplying and dividing never round; rounding happens only where the caller asks for it
 * (`toDecimalPlaces`, `toFixed`), once, from the exact value.
 *
 * Why not decimal.js: it is 32 KB of every function's cold start (a tenth of a minimal
 * handler) for trigonometry, logarithms and configurable precision that money never needs, and
 * its division rounds to a fixed number of digits, so `a / b * c` could round twice. Money
 * itself is integer pence ({@link Money}); this type carries the decimals in between. Its
 * method names follow decimal.js's, and a property test checks every operation against
 * decimal.js (`test/unit/decimal.test.ts`).
 */

/** How to round a value that lies between two of the wanted unit. */
export type Rounding = 'half-up' | 'down' | 'floor' | 'ceil';

const NUMBER_TEXT = /^([+-]?)(\d+)?(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Integer division of `n` by a positive `d`, rounded as asked (half-up: halves away from zero). */
function divide(n: bigint, d: bigint, rounding: Rounding): bigint {
  const q = n / d; // truncates toward zero
  const r = n % d; // has n's sign
  if (r === 0n) return q;
  switch (rounding) {
    case 'down':
      return q;
    case 'floor':
      return n < 0n ? q - 1n : q;
    case 'ceil':
      return n > 0n ? q + 1n : q;
    case 'half-up': {
      const twice = (r < 0n ? -r : r) * 2n;
      return twice >= d ? q + (n < 0n ? -1n : 1n) : q;
    }
  }
}

export type DecimalInput = Decimal | string | number | bigint;

/**
 * Marks a Decimal by a registered symbol rather than by its class alone: a side bundle
 * (`shared/lazy/`) carries its own copy of this module, and the values it is handed were made by
 * the function's copy, so `instanceof` would not know them.
 */
const BRAND = Symbol.for('sab.Decimal');

const of = (value: DecimalInput): Decimal => (value instanceof Decimal ? value : new Decimal(value));

export class Decimal {
  /** Numerator, carrying the sign. */
  private readonly n: bigint;
  /** Denominator, always positive; coprime with the numerator. */
  private readonly d: bigint;

  /**
   * From a decimal string (`"0.4"`, `"-12.50"`, `"1e-7"`), a finite number (read through its
   * shortest decimal form, as JavaScript prints it), a BigInt or another Decimal.
   * @throws RangeError for anything else.
   */
  constructor(value: DecimalInput, denominator?: bigint) {
    let n: bigint;
    let d = 1n;
    if (Decimal.isDecimal(value)) {
      n = value.n;
      d = value.d;
    } else if (typeof value === 'bigint') {
      n = value;
    } else {
      const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
      const m = typeof text === 'string' ? NUMBER_TEXT.exec(text.trim()) : null;
      if (!m || (m[2] === undefined && !m[3])) throw new RangeError(`not a decimal number: ${String(value)}`);
      const [, sign, whole = '', written = '', exponent = '0'] = m;
      // Trailing zeros of the decimals are no digits of the value ("12.50000" is 12.5): they do not
      // count towards the bound below, which keeps every value's denominator small.
      let places = written.length;
      while (places > 0 && written.charCodeAt(places - 1) === 48) places--; // a loop: /0+$/ is quadratic on 000...01
      const fraction = written.slice(0, places);
      n = BigInt(`${whole}${fraction}` || '0');
      if (sign === '-') n = -n;
      const e = Number(exponent) - fraction.length;
      if (!Number.isSafeInteger(e) || Math.abs(e) > 1000) throw new RangeError(`exponent out of range: ${String(value)}`);
      if (e >= 0) n *= 10n ** BigInt(e);
      else d = 10n ** BigInt(-e);
    }
    if (denominator !== undefined) {
      if (denominator === 0n) throw new RangeError('division by zero');
      d *= denominator < 0n ? -denominator : denominator;
      if (denominator < 0n) n = -n;
    }
    const g = gcd(n, d);
    this.n = g > 1n ? n / g : n;
    this.d = g > 1n ? d / g : d;
  }

  /** True for a Decimal, whichever bundle's copy of this class made it. */
  static isDecimal(value: unknown): value is Decimal {
    return value instanceof Decimal || (typeof value === 'object' && value !== null && BRAND in value);
  }

  get [BRAND](): true {
    return true;
  }

  plus(other: DecimalInput): Decimal {
    const o = of(other);
    return new Decimal(this.n * o.d + o.n * this.d, this.d * o.d);
  }

  minus(other: DecimalInput): Decimal {
    return this.plus(of(other).negated());
  }

  times(other: DecimalInput): Decimal {
    const o = of(other);
    return new Decimal(this.n * o.n, this.d * o.d);
  }

  /** The exact quotient. @throws RangeError when dividing by zero. */
  dividedBy(other: DecimalInput): Decimal {
    const o = of(other);
    if (o.n === 0n) throw new RangeError('division by zero');
    return new Decimal(this.n * o.d, this.d * o.n);
  }

  /** This to a whole power (0 or more). */
  pow(exponent: number): Decimal {
    if (!Number.isSafeInteger(exponent) || exponent < 0) throw new RangeError(`not a whole exponent: ${exponent}`);
    const e = BigInt(exponent);
    return new Decimal(this.n ** e, this.d ** e);
  }

  negated(): Decimal {
    return new Decimal(-this.n, this.d);
  }

  abs(): Decimal {
    return this.n < 0n ? this.negated() : this;
  }

  comparedTo(other: DecimalInput): -1 | 0 | 1 {
    const o = of(other);
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  equals(other: DecimalInput): boolean {
    return this.comparedTo(other) === 0;
  }

  greaterThan(other: DecimalInput): boolean {
    return this.comparedTo(other) > 0;
  }

  greaterThanOrEqualTo(other: DecimalInput): boolean {
    return this.comparedTo(other) >= 0;
  }

  lessThan(other: DecimalInput): boolean {
    return this.comparedTo(other) < 0;
  }

  lessThanOrEqualTo(other: DecimalInput): boolean {
    return this.comparedTo(other) <= 0;
  }

  isZero(): boolean {
    return this.n === 0n;
  }

  isNegative(): boolean {
    return this.n < 0n;
  }

  isPositive(): boolean {
    return this.n > 0n;
  }

  isInteger(): boolean {
    return this.d === 1n;
  }

  /**
   * How many decimals the value has written out, or Infinity when it never ends (a third):
   * a denominator in lowest terms ends only when it is 2^a x 5^b, after max(a, b) places.
   */
  decimalPlaces(): number {
    let d = this.d;
    let twos = 0;
    let fives = 0;
    while (d % 2n === 0n) [d, twos] = [d / 2n, twos + 1];
    while (d % 5n === 0n) [d, fives] = [d / 5n, fives + 1];
    return d === 1n ? Math.max(twos, fives) : Number.POSITIVE_INFINITY;
  }

  /** The value rounded to `places` decimals (half up unless told). */
  toDecimalPlaces(places: number, rounding: Rounding = 'half-up'): Decimal {
    const scale = 10n ** BigInt(places);
    return new Decimal(divide(this.n * scale, this.d, rounding), scale);
  }

  /**
   * Plain notation, never an exponent: with `places`, rounded to exactly that many decimals
   * (half up unless told; never "-0.00"); without, every decimal the value has, or 20 when it
   * has no end.
   */
  toFixed(places?: number, rounding: Rounding = 'half-up'): string {
    const written = this.decimalPlaces();
    const p = places ?? (Number.isFinite(written) ? written : 20);
    const scaled = divide(this.n * 10n ** BigInt(p), this.d, rounding);
    const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(p + 1, '0');
    const text = p === 0 ? digits : `${digits.slice(0, -p)}.${digits.slice(-p)}`;
    return scaled < 0n ? `-${text}` : text;
  }

  /** As {@link toFixed} without places: `"0.4"`, `"45"`, `"-12.5"`. */
  toString(): string {
    return this.toFixed();
  }

  toJSON(): string {
    return this.toString();
  }

  /** The nearest double: for drawing and for spreadsheet cells, never for money. */
  toNumber(): number {
    return Number(this.toFixed());
  }
}
