/** The Profiles view: list, editor with inline validation, plan diff, versions, approval. */
export function ProfilesView() {
  return (
    <section aria-labelledby="profiles-heading">
      <h1 id="profiles-heading">Profiles</h1>
    </section>
  );
}
