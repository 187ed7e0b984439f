/** Placeholder: replaced by the screen's implementation. */
export function Admin() {
  return (
    <section>
      <h1>Admin</h1>
    </section>
  );
}
