import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ourScript } from './our-script.js';

/** One of our modules started as a worker thread: from sources under tsx when we run so (its loader registered in the thread first), from dist/ otherwise. */
export function ourThread(relative: string, from: string, workerData?: unknown): Worker {
  const path = ourScript(relative, from).args.at(-1)!;
  return path.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(path).href)}); })`, { eval: true, workerData })
    : new Worker(path, { workerData });
}
