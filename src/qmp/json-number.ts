/**
 * C's `printf("%.17g")` for doubles, as glibc prints them: the exact binary
 * value rounded to 17 significant digits (ties to even), then fixed or
 * exponent form by the %g rule, with trailing zeros removed. JS's own
 * toPrecision rounds ties away from zero, so this works on exact digits.
 */
const PRECISION = 17;

/** The exact decimal digits of |x| (finite, non-zero) and the power of ten of the first one. */
function exactDigits(x: number): { digits: string; exp10: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exp2 = (biased === 0 ? 1 : biased) - 1075;
  if (exp2 >= 0) {
    const digits = (mantissa << BigInt(exp2)).toString();
    return { digits, exp10: digits.length - 1 };
  }
  const digits = (mantissa * 5n ** BigInt(-exp2)).toString();
  return { digits, exp10: digits.length - 1 + exp2 };
}

/** Rounds a digit string to `PRECISION` digits, half to even. */
function roundDigits(digits: string, exp10: number): { digits: string; exp10: number } {
  if (digits.length <= PRECISION) return { digits: digits.padEnd(PRECISION, '0'), exp10 };
  const head = digits.slice(0, PRECISION);
  const rest = digits.slice(PRECISION);
  const above = rest[0]! > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1)));
  const tie = rest[0] === '5' && !/[1-9]/.test(rest.slice(1));
  const up = above || (tie && Number(head[PRECISION - 1]) % 2 === 1);
  if (!up) return { digits: head, exp10 };
  const bumped = (BigInt(head) + 1n).toString();
  if (bumped.length > PRECISION) return { digits: bumped.slice(0, PRECISION), exp10: exp10 + 1 };
  return { digits: bumped, exp10 };
}

const trimZeros = (text: string): string => (text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);

export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  const exact = exactDigits(x);
  const { digits, exp10 } = roundDigits(exact.digits, exact.exp10);
  if (exp10 < -4 || exp10 >= PRECISION) {
    const mantissa = trimZeros(`${digits[0]}.${digits.slice(1)}`);
    const expSign = exp10 < 0 ? '-' : '+';
    return `${sign}${mantissa}e${expSign}${String(Math.abs(exp10)).padStart(2, '0')}`;
  }
  if (exp10 < 0) return sign + trimZeros(`0.${'0'.repeat(-exp10 - 1)}${digits}`);
  return sign + trimZeros(`${digits.slice(0, exp10 + 1)}.${digits.slice(exp10 + 1)}`);
}
