/** Placeholder: replaced by the screen's implementation. */
export function Account() {
  return (
    <section>
      <h1>Account</h1>
    </section>
  );
}
