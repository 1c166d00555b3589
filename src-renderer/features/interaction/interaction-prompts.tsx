/** SHOW prompts from DM servers, shown over any view until answered. */
export function InteractionPrompts() {
  return null;
}
