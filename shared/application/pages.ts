/** Every page of a paginated repository read, in order (for bounded lists: partners, years, a year's entries). */
export async function everyPage<T>(read: (after?: string) => Promise<{ items: T[]; lastSk?: string }>): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  do {
    const page = await read(after);
    out.push(...page.items);
    after = page.lastSk;
  } while (after !== undefined);
  return out;
}
