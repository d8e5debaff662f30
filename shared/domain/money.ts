import { Decimal } from 'decimal.js';

/**
 * Exact sterling amounts. A Money always holds a whole number of pence; it is built only
 * from decimal strings or integer pence, never from a JS number, so no binary float can
 * creep in on the way from JSON or DynamoDB. Arithmetic goes through decimal.js.
 */
const Dec = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -50, toExpPos: 50 });

/** Largest absolute amount the service accepts: £999,999,999.99. Anything bigger is a typo. */
export const MAX_AMOUNT = '999999999.99';
const MAX = new Dec(MAX_AMOUNT);
/** Far beyond any legitimate stored total: a stored value past it is corruption, not money. */
const STORED_LIMIT = new Dec('1e15');

/** What a money string may look like on the wire: optional minus, 1-9 digits, up to 2 decimals. */
export const MONEY_PATTERN = /^-?(?:0|[1-9]\d{0,8})(?:\.\d{1,2})?$/;

export class MoneyFormatError extends Error {}

export class Money {
  private readonly value: Decimal;

  private constructor(value: Decimal) {
    this.value = value;
  }

  static readonly zero = new Money(new Dec(0));

  /** Parses a wire amount ("81305.00", "12.5", "-3"). Throws MoneyFormatError otherwise. */
  static parse(text: string): Money {
    if (typeof text !== 'string' || !MONEY_PATTERN.test(text)) {
      throw new MoneyFormatError(`not an amount: ${JSON.stringify(text)}`);
    }
    const d = new Dec(text);
    return new Money(d.isZero() ? new Dec(0) : d);
  }

  /** Reads a value stored by {@link Money.toString} (or a DynamoDB number's exact text). */
  static fromStored(text: string): Money {
    const d = new Dec(text);
    if (!d.isFinite() || d.decimalPlaces() > 2 || d.abs().greaterThan(STORED_LIMIT)) {
      throw new MoneyFormatError(`corrupt stored amount: ${text}`);
    }
    return new Money(d);
  }

  static fromPence(pence: bigint): Money {
    return new Money(new Dec(pence.toString()).dividedBy(100));
  }

  static sum(values: Iterable<Money>): Money {
    let total = new Dec(0);
    for (const v of values) total = total.plus(v.value);
    return new Money(total);
  }

  get pence(): bigint {
    return BigInt(this.value.times(100).toFixed(0));
  }

  plus(other: Money): Money {
    return new Money(this.value.plus(other.value));
  }

  minus(other: Money): Money {
    return new Money(this.value.minus(other.value));
  }

  negate(): Money {
    return this.isZero() ? this : new Money(this.value.negated());
  }

  abs(): Money {
    return new Money(this.value.abs());
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  isNegative(): boolean {
    return this.value.isNegative() && !this.value.isZero();
  }

  isPositive(): boolean {
    return this.value.isPositive() && !this.value.isZero();
  }

  /** True when the magnitude is within the accepted maximum. */
  isWithinLimit(): boolean {
    return this.value.abs().lessThanOrEqualTo(MAX);
  }

  compare(other: Money): -1 | 0 | 1 {
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  equals(other: Money): boolean {
    return this.value.equals(other.value);
  }

  min(other: Money): Money {
    return this.compare(other) <= 0 ? this : other;
  }

  max(other: Money): Money {
    return this.compare(other) >= 0 ? this : other;
  }

  /** The exact decimal, for ratio arithmetic in the engine. */
  toDecimal(): Decimal {
    return this.value;
  }

  /** Two decimals, no grouping: the wire and storage form ("81305.00"). */
  toString(): string {
    return this.value.toFixed(2);
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

export { Dec as Decimal };
/** The type of an exact decimal from {@link Decimal}. */
export type DecimalValue = InstanceType<typeof Dec>;
