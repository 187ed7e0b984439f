/** Placeholder: replaced by the screen's implementation. */
export function Documents() {
  return (
    <section>
      <h1>Documents</h1>
    </section>
  );
}
