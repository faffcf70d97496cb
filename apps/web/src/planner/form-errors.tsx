import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { ApiError } from '../api/api-client';

/** A field's error, shown under the field and announced as it appears. */
export function FieldError({ id, message }: { id?: string; message?: string }) {
  return message ? (
    <p id={id} className="field-error" role="alert">
      {message}
    </p>
  ) : null;
}

/**
 * Puts a failed call's reasons on the form: each of the server's field problems beside its field, when
 * the form shows that field's error (`fieldOf` turns the API's field path into the form's name); any
 * other problem, or the message when there are none, above the submit button, so none goes unseen.
 */
export function showServerErrors<Values extends FieldValues>(
  caught: unknown,
  setError: UseFormSetError<Values>,
  shown: readonly string[],
  fieldOf: (field: string) => string = (field) => field,
): void {
  const error = caught as ApiError;
  const elsewhere: string[] = [];
  for (const problem of error.problems ?? []) {
    const field = fieldOf(problem.field);
    if (shown.includes(field)) setError(field as Path<Values>, { type: 'server', message: problem.reason });
    else elsewhere.push(`${problem.field}: ${problem.reason}`);
  }
  if (!error.problems?.length) setError('root', { type: 'server', message: error.message });
  else if (elsewhere.length > 0) setError('root', { type: 'server', message: elsewhere.join('; ') });
}
