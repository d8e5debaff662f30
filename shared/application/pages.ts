import type { ListArgs, Page } from './ports.ts';

/** Every page of a paginated read, in order (for bounded lists: partners, years, a year's entries). */
export async function everyPage<T>(read: (page: ListArgs) => Promise<Page<T>>, limit = 200): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  do {
    const page = await read({ limit, ...(after !== undefined ? { after } : {}) });
    out.push(...page.items);
    after = page.last;
  } while (after !== undefined);
  return out;
}
