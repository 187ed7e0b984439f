/** Placeholder: replaced by the screen's implementation. */
export function Register() {
  return (
    <section>
      <h1>Register</h1>
    </section>
  );
}
