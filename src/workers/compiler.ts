import { z } from 'zod';
import { parseAlda } from '../engine/parser/parse.js';
import { Score } from '../engine/score.js';
import { AldaError } from '../lisp/errors.js';
import type { Form } from '../lisp/form.js';
import { SourceText } from '../lisp/source.js';
import { formSchema } from '../protocol/messages.js';
import { ServiceFailure, type ServiceHandler } from './service-handler.js';
import { viewToJson } from '../protocol/view-json.js';

const compileBody = z
  .object({ code: z.string().optional(), forms: z.array(formSchema).optional(), name: z.string().max(4096).optional() })
  .strict()
  .refine((body) => body.code !== undefined || body.forms !== undefined);

/** Forms nested deeper than zod's recursion can follow are a bad request, not a crash of the work thread. */
function parseBody(body: Record<string, unknown>): ReturnType<typeof compileBody.safeParse> {
  try {
    return compileBody.safeParse(body);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ServiceFailure('ALDA_BAD_MESSAGE', 'The forms are nested too deeply');
  }
}

/**
 * Service `compiler`, stateless: Alda text → alda.lisp forms → an evaluated score.
 *
 * - `{code, name?}`: a `partial` `{step: "parsed", forms}`, then `final` `{step: "built", view}`;
 * - `{forms, code?, name?}` (a job resuming after `parsed`; the code, when given, is what error
 *   positions point into): `final` `{step: "built", view}`.
 *
 * A score that does not parse or evaluate is an `error` with the engine's code and Alda's
 * `FILE:LINE:COL message`.
 */
export const compiler: ServiceHandler = async (body, partial) => {
  const parsed = parseBody(body);
  if (!parsed.success) throw new ServiceFailure('ALDA_BAD_MESSAGE', 'A compiler request carries `code` (Alda text) or `forms`, and optionally `name`');
  const request = parsed.data;
  const source = new SourceText(request.code ?? '', request.name);
  try {
    let forms: readonly Form[];
    if (request.forms) {
      forms = request.forms;
    } else {
      forms = parseAlda(request.code!);
      partial({ step: 'parsed', forms });
    }
    const score = new Score();
    score.evaluate(forms);
    return { step: 'built', view: viewToJson(score.view()) };
  } catch (error) {
    if (error instanceof AldaError) throw new ServiceFailure(error.code, error.describe(source));
    throw error;
  }
};
