// The words under a field that say what is wrong with it; the field points here with
// aria-describedby and is marked aria-invalid.
export function FieldIssues({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <span id={id} className="field-issue">
      {messages.join('; ')}
    </span>
  );
}

/** The props a field takes to point at its issues. */
export function invalidProps(id: string, messages: readonly string[]) {
  return messages.length > 0 ? { 'aria-invalid': true as const, 'aria-describedby': id } : {};
}
