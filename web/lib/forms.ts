/** A text field from a submitted form ('' when missing or a file), trimmed to `max` characters. */
export function field(form: FormData, name: string, max = 200): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.slice(0, max) : '';
}
