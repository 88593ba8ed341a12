/**
 * The end of a `switch` over a union that has handled every member: a new member added to the
 * union makes this call fail to compile, so no switch forgets it.
 */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
