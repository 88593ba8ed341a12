/**
 * The fundamental frequency of a stretch of audio: YIN finds the period (on a sampled piano
 * the strongest FFT peak is often the 2nd harmonic), then the spectrum's peak within 4% of
 * it gives the frequency of the first partial. YIN alone reads a decaying piano note about
 * 1% sharp (c4 at 265 Hz where the partial is at 261.5 Hz).
 */
export function fundamental(samples: Float32Array, sampleRate: number): number {
  const coarse = yin(samples, sampleRate);
  return spectralPeak(samples, sampleRate, coarse * 0.96, coarse * 1.04);
}

/** The frequency in [lo, hi] where the Hann-windowed spectrum peaks, to 0.02 Hz (Goertzel scan). */
export function spectralPeak(samples: Float32Array, sampleRate: number, lo: number, hi: number): number {
  const n = samples.length;
  const windowed = new Float64Array(n);
  for (let i = 0; i < n; i++) windowed[i] = samples[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  let best = lo;
  let bestPower = -1;
  for (let f = lo; f <= hi; f += 0.02) {
    const coefficient = 2 * Math.cos((2 * Math.PI * f) / sampleRate);
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const s0 = windowed[i]! + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    if (power > bestPower) {
      bestPower = power;
      best = f;
    }
  }
  return best;
}

/**
 * YIN (de Cheveigné & Kawahara, 2002): the cumulative mean normalised difference function,
 * its first dip under the threshold, refined by parabolic interpolation.
 */
function yin(samples: Float32Array, sampleRate: number, minHz = 50, maxHz = 2000): number {
  const maxLag = Math.floor(sampleRate / minHz);
  const minLag = Math.floor(sampleRate / maxHz);
  const window = samples.length - maxLag;
  if (window <= 0) throw new Error('too few samples for the lowest frequency');
  const d = new Float64Array(maxLag + 1);
  for (let lag = 1; lag <= maxLag; lag++) {
    let sum = 0;
    for (let i = 0; i < window; i++) {
      const diff = samples[i]! - samples[i + lag]!;
      sum += diff * diff;
    }
    d[lag] = sum;
  }
  const cmnd = new Float64Array(maxLag + 1);
  cmnd[0] = 1;
  let running = 0;
  for (let lag = 1; lag <= maxLag; lag++) {
    running += d[lag]!;
    cmnd[lag] = running === 0 ? 1 : (d[lag]! * lag) / running;
  }
  let best = -1;
  for (let lag = minLag; lag < maxLag; lag++) {
    if (cmnd[lag]! < 0.15) {
      while (lag + 1 < maxLag && cmnd[lag + 1]! < cmnd[lag]!) lag++;
      best = lag;
      break;
    }
  }
  if (best < 0) {
    best = minLag;
    for (let lag = minLag; lag < maxLag; lag++) if (cmnd[lag]! < cmnd[best]!) best = lag;
  }
  const a = cmnd[best - 1]!;
  const b = cmnd[best]!;
  const c = cmnd[best + 1]!;
  const shift = (a - c) / (2 * (a - 2 * b + c));
  return sampleRate / (best + (Number.isFinite(shift) ? shift : 0));
}
