const DAY_MS = 86_400_000;

/**
 * `new Date(ms).toISOString()` for a time of day from 1970 on, computed. V8's Date reads ICU's
 * time-zone data in (0.9 MB of node's binary, resident from then on) the first time any of its
 * fields is asked for, even a UTC one; the idle server asks for one only to write when it started.
 */
export function isoTime(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const time = ms - days * DAY_MS;
  // The civil date of a day number, by 400-year eras of 146,097 days that begin on 1 March (a leap day last).
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const fromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * fromMarch + 2) / 5) + 1;
  const month = fromMarch < 10 ? fromMarch + 3 : fromMarch - 9;
  const year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0);
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${two(Math.floor(time / 3_600_000))}:${two(Math.floor(time / 60_000) % 60)}:${two(Math.floor(time / 1000) % 60)}.${String(time % 1000).padStart(3, '0')}`;
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${clock}Z`;
}
