import { Decimal } from './decimal.ts';

/**
 * Exact sterling amounts as integer pence (a BigInt). A Money is built only from decimal
 * strings or integer pence, never from a JS number, so no binary float can creep in on the
 * way from JSON or DynamoDB; sums and differences are BigInt additions. Ratios (a share of an
 * overspend, a run-rate) go through {@link Decimal}, which is exact, and come back to pence by
 * an explicit rounding.
 */

/** Largest absolute amount the service accepts: £999,999,999.99. Anything bigger is a typo. */
export const MAX_AMOUNT = '999999999.99';
const MAX_PENCE = 99_999_999_999n;
/** Far beyond any legitimate stored total (£1e15): a stored value past it is corruption, not money. */
const STORED_LIMIT_PENCE = 100_000_000_000_000_000n;

/** What a money string may look like on the wire: optional minus, 1-9 digits, up to 2 decimals. */
export const MONEY_PATTERN = /^-?(?:0|[1-9]\d{0,8})(?:\.\d{1,2})?$/;

export class MoneyFormatError extends Error {}

/** Pence of a plain decimal with at most two places ("-12.5" -> -1250n); undefined otherwise. */
function penceOf(text: string): bigint | undefined {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return undefined;
  const pence = BigInt(m[2] as string) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -pence : pence;
}

export class Money {
  /** Whole pence, signed. */
  readonly pence: bigint;

  private constructor(pence: bigint) {
    this.pence = pence;
  }

  static readonly zero = new Money(0n);

  /** Parses a wire amount ("81305.00", "12.5", "-3"). Throws MoneyFormatError otherwise. */
  static parse(text: string): Money {
    const pence = typeof text === 'string' && MONEY_PATTERN.test(text) ? penceOf(text) : undefined;
    if (pence === undefined) throw new MoneyFormatError(`not an amount: ${JSON.stringify(text)}`);
    return new Money(pence);
  }

  /** Reads a value stored by {@link Money.toString} (or a DynamoDB number's exact text). */
  static fromStored(text: string): Money {
    let d: Decimal | undefined;
    try {
      d = new Decimal(text);
    } catch {
      d = undefined;
    }
    if (d === undefined || d.decimalPlaces() > 2) throw new MoneyFormatError(`corrupt stored amount: ${text}`);
    const pence = BigInt(d.times(100).toFixed(0));
    if ((pence < 0n ? -pence : pence) > STORED_LIMIT_PENCE) throw new MoneyFormatError(`corrupt stored amount: ${text}`);
    return new Money(pence);
  }

  static fromPence(pence: bigint): Money {
    return pence === 0n ? Money.zero : new Money(pence);
  }

  /** An exact decimal number of pounds rounded to the penny, half up (halves away from zero). */
  static round(pounds: Decimal): Money {
    return new Money(BigInt(pounds.times(100).toFixed(0)));
  }

  static sum(values: Iterable<Money>): Money {
    let total = 0n;
    for (const v of values) total += v.pence;
    return new Money(total);
  }

  plus(other: Money): Money {
    return new Money(this.pence + other.pence);
  }

  minus(other: Money): Money {
    return new Money(this.pence - other.pence);
  }

  negate(): Money {
    return new Money(-this.pence);
  }

  abs(): Money {
    return this.pence < 0n ? this.negate() : this;
  }

  isZero(): boolean {
    return this.pence === 0n;
  }

  isNegative(): boolean {
    return this.pence < 0n;
  }

  isPositive(): boolean {
    return this.pence > 0n;
  }

  /** True when the magnitude is within the accepted maximum. */
  isWithinLimit(): boolean {
    return (this.pence < 0n ? -this.pence : this.pence) <= MAX_PENCE;
  }

  compare(other: Money): -1 | 0 | 1 {
    return this.pence < other.pence ? -1 : this.pence > other.pence ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.pence === other.pence;
  }

  min(other: Money): Money {
    return this.compare(other) <= 0 ? this : other;
  }

  max(other: Money): Money {
    return this.compare(other) >= 0 ? this : other;
  }

  /** The exact number of pounds, for ratio arithmetic. */
  toDecimal(): Decimal {
    return new Decimal(this.pence, 100n);
  }

  /** Two decimals, no grouping: the wire and storage form ("81305.00", "-0.05"). */
  toString(): string {
    const digits = (this.pence < 0n ? -this.pence : this.pence).toString().padStart(3, '0');
    return `${this.pence < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
  }

  toJSON(): string {
    return this.toString();
  }

  /** "81,305.00": for people (PDFs, CSV reports, breakdown prose). */
  toDisplay(): string {
    const [whole = '0', frac = '00'] = this.abs().toString().split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${this.isNegative() ? '-' : ''}${grouped}.${frac}`;
  }
}

export { Decimal };
