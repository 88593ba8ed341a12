import type { Page } from 'playwright-core';

/**
 * The loudest sample of the last 2048 that the live-coding page's own performer put out: its
 * worklet's output, tapped by an AnalyserNode made on first use; 0 before the page's sound starts.
 */
export function pageSoundPeak(page: Page): Promise<number> {
  return page.evaluate(() => {
    const performer = window.aldaPage?.sound.performer;
    if (!performer) return 0;
    const tapped = window as unknown as { tap?: AnalyserNode };
    if (!tapped.tap) {
      tapped.tap = performer.context.createAnalyser();
      tapped.tap.fftSize = 2048;
      performer.node.connect(tapped.tap);
    }
    const samples = new Float32Array(tapped.tap.fftSize);
    tapped.tap.getFloatTimeDomainData(samples);
    return samples.reduce((peak, sample) => Math.max(peak, Math.abs(sample)), 0);
  });
}

/** Resolves once the page's sound passes (`above`) or falls under (`!above`) `level`, polled as fast as the page answers. */
export async function untilPeak(page: Page, above: boolean, level: number, timeout: number): Promise<void> {
  const deadline = performance.now() + timeout;
  while ((await pageSoundPeak(page)) > level !== above) {
    if (performance.now() > deadline) throw new Error(`The page's sound did not go ${above ? 'above' : 'under'} ${level} within ${timeout} ms`);
  }
}
