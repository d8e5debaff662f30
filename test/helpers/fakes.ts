/**
 * In-memory fakes of the application's ports, for use-case tests without HTTP or a table.
 * Each keeps the conditions its DynamoDB adapter enforces (create once, version checks, numbers
 * reserved only while the year's status allows), because the rules under test lean on them;
 * anything else is a plain Map.
 */
import type {
  AgreementsPort,
  AuditPort,
  AuditRecord,
  BoardsPort,
  BudgetLinesPort,
  Claim,
  CommitmentsPort,
  Deps,
  DocumentRecord,
  EntryContext,
  HistoryPort,
  IdempotencyPort,
  ImportRecord,
  ImportsPort,
  InvoicesPort,
  LedgerPort,
  ListArgs,
  MatchClaim,
  NewEntry,
  NewImport,
  NewIncome,
  NewInvoice,
  NewPartner,
  NumberReservation,
  OtherIncomePort,
  Page,
  PartnersPort,
  RechargeSnapshot,
  ReversalMarker,
  SarCostRow,
  SarsPort,
  SnapshotsPort,
  StoredAgreement,
  StoredResponse,
  VirementsPort,
  VirementsRecord,
  WriteMeta,
  YearContents,
  YearsPort,
} from '../../shared/application/ports.ts';
import type { AgreementWire } from '../../shared/domain/agreement.ts';
import { reviseLines, type StoredLine, type Virement, virementIdOf } from '../../shared/domain/budget.ts';
import { ConditionFailed } from '../../shared/domain/errors.ts';
import type { Invoice, Series } from '../../shared/domain/invoice.ts';
import {
  type Board,
  type BudgetLine,
  type Commitment,
  type CommitmentRelease,
  commitmentIdOf,
  type Entry,
  entryIdOf,
  type History,
  type Partner,
  type SarCase,
  type Year,
} from '../../shared/domain/ledger.ts';
import type { Money } from '../../shared/domain/money.ts';
import { incomeIdOf, type OtherIncome } from '../../shared/domain/other-income.ts';
import { FakeOutbox } from './fake-outbox.ts';

const stampOf = (meta: WriteMeta) => ({ createdAt: meta.at, createdBy: meta.actor });
const updated = (meta: WriteMeta) => ({ updatedAt: meta.at, updatedBy: meta.actor });

/** A page of sorted items by a position key, continuing after `after`. */
function pageOf<T>(items: readonly T[], key: (t: T) => string, args: ListArgs): Page<T> {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const rest = args.after === undefined ? sorted : sorted.filter((t) => key(t) > (args.after as string));
  const page = rest.slice(0, args.limit);
  const last = page.at(-1);
  return { items: page, ...(rest.length > args.limit && last !== undefined ? { last: key(last) } : {}) };
}

/** Every write the fakes saw, in order (a use case's footprint). */
export interface Writes {
  readonly log: string[];
}

class Versions<T extends { version: number }> {
  readonly items = new Map<string, T>();
  create(key: string, value: T): T {
    if (this.items.has(key)) throw new ConditionFailed(key);
    this.items.set(key, value);
    return value;
  }
  update(key: string, expected: number, next: (current: T) => T): T {
    const current = this.items.get(key);
    if (!current || current.version !== expected) throw new ConditionFailed(key);
    const value = next(current);
    this.items.set(key, value);
    return value;
  }
}

export class FakeBoards implements BoardsPort {
  readonly boards = new Versions<Board>();
  async getBoard(boardId: string) {
    return this.boards.items.get(boardId);
  }
  async createBoard(meta: WriteMeta, boardId: string, fields: Pick<Board, 'name' | 'invoicing' | 'reminderDays'>) {
    return this.boards.create(boardId, { boardId, ...fields, version: 1, ...stampOf(meta) });
  }
  async updateBoard(meta: WriteMeta, board: Board, fields: Pick<Board, 'name' | 'invoicing' | 'reminderDays'>) {
    return this.boards.update(board.boardId, board.version, (b) => {
      const { invoicing: _, reminderDays: _r, ...rest } = b;
      return { ...rest, ...fields, version: b.version + 1, ...updated(meta) };
    });
  }
}

export class FakePartners implements PartnersPort {
  readonly partners = new Versions<Partner>();
  async getPartner(boardId: string, partnerId: string) {
    return this.partners.items.get(`${boardId}|${partnerId}`);
  }
  async createPartner(meta: WriteMeta, p: NewPartner) {
    return this.partners.create(`${p.boardId}|${p.partnerId}`, { ...p, version: 1, ...stampOf(meta) });
  }
  async updatePartner(meta: WriteMeta, current: Partner, fields: Pick<Partner, 'name' | 'kind' | 'billing'>) {
    return this.partners.update(`${current.boardId}|${current.partnerId}`, current.version, (p) => ({
      ...p,
      ...fields,
      version: p.version + 1,
      ...updated(meta),
    }));
  }
  async listPartners(boardId: string, args: ListArgs) {
    const mine = [...this.partners.items.values()].filter((p) => p.boardId === boardId);
    return pageOf(mine, (p) => p.partnerId, args);
  }
}

export class FakeSars implements SarsPort {
  readonly sars = new Versions<SarCase>();
  private readonly ledger: FakeLedger;
  constructor(ledger: FakeLedger) {
    this.ledger = ledger;
  }
  async getSar(boardId: string, sarId: string) {
    return this.sars.items.get(`${boardId}|${sarId}`);
  }
  async createSar(meta: WriteMeta, c: Pick<SarCase, 'boardId' | 'sarId' | 'title' | 'kind' | 'status'>) {
    return this.sars.create(`${c.boardId}|${c.sarId}`, { ...c, version: 1, ...stampOf(meta) });
  }
  async updateSar(meta: WriteMeta, current: SarCase, fields: Pick<SarCase, 'title' | 'kind' | 'status'>) {
    return this.sars.update(`${current.boardId}|${current.sarId}`, current.version, (s) => ({
      ...s,
      ...fields,
      version: s.version + 1,
      ...updated(meta),
    }));
  }
  async listSars(boardId: string, args: ListArgs) {
    return pageOf(
      [...this.sars.items.values()].filter((s) => s.boardId === boardId),
      (s) => s.sarId,
      args,
    );
  }
  async costRows(boardId: string, sarId?: string): Promise<SarCostRow[]> {
    return this.ledger
      .visible(boardId)
      .filter((e) => e.sarId !== undefined && (sarId === undefined || e.sarId === sarId))
      .map((e) => ({ sarId: e.sarId as string, yearId: e.yearId, amount: e.amount }));
  }
}

export class FakeYears implements YearsPort {
  readonly years = new Map<string, Year>();
  private key = (boardId: string, yearId: string) => `${boardId}|${yearId}`;
  private must(boardId: string, yearId: string): Year {
    const y = this.years.get(this.key(boardId, yearId));
    if (!y) throw new ConditionFailed(yearId);
    return y;
  }
  private set(y: Year): Year {
    this.years.set(this.key(y.boardId, y.yearId), y);
    return y;
  }
  async getYear(boardId: string, yearId: string) {
    return this.years.get(this.key(boardId, yearId));
  }
  async listYears(boardId: string, args: ListArgs) {
    return pageOf(
      [...this.years.values()].filter((y) => y.boardId === boardId),
      (y) => y.yearId,
      args,
    );
  }
  async createYear(meta: WriteMeta, boardId: string, yearId: string, budgetSet: Money, publishedOutturn?: Money) {
    if (this.years.has(this.key(boardId, yearId))) throw new ConditionFailed(yearId);
    return this.set({
      boardId,
      yearId,
      status: 'draft',
      source: 'ledger',
      budgetSet,
      ...(publishedOutturn ? { publishedOutturn } : {}),
      seq: 0,
      commitSeq: 0,
      version: 1,
      ...stampOf(meta),
    });
  }
  async setBudgetSet(meta: WriteMeta, year: Year, budgetSet: Money, publishedOutturn?: Money) {
    const y = this.must(year.boardId, year.yearId);
    if (y.version !== year.version || !(y.status === 'draft' || y.status === 'open') || y.closeRequest)
      throw new ConditionFailed(year.yearId);
    const { publishedOutturn: _, ...rest } = y;
    return this.set({ ...rest, budgetSet, ...(publishedOutturn ? { publishedOutturn } : {}), version: y.version + 1, ...updated(meta) });
  }
  async openYear(meta: WriteMeta, year: Year, opts: { hostInvoiced: boolean } = { hostInvoiced: true }) {
    const y = this.must(year.boardId, year.yearId);
    if (y.status !== 'draft' || y.version !== year.version) throw new ConditionFailed(year.yearId);
    return this.set({ ...y, status: 'open', openedAt: meta.at, hostInvoiced: opts.hostInvoiced, version: y.version + 1, ...updated(meta) });
  }
  async requestClose(meta: WriteMeta, boardId: string, yearId: string, etag: string) {
    const y = this.must(boardId, yearId);
    if (y.status !== 'open' || (y.closeRequest && y.closeRequest.by !== meta.actor)) throw new ConditionFailed(yearId);
    this.set({ ...y, closeRequest: { by: meta.actor, at: meta.at, etag } });
  }
  async withdrawCloseRequest(_meta: WriteMeta, boardId: string, yearId: string) {
    const y = this.must(boardId, yearId);
    if (y.status !== 'open' || !y.closeRequest) throw new ConditionFailed(yearId);
    const { closeRequest: _, ...rest } = y;
    this.set(rest);
  }
  /** The closing attempts per year (the adapter counts them on the year item). */
  private readonly attempts = new Map<string, number>();
  async stopForApproval(meta: WriteMeta, boardId: string, yearId: string, etag: string) {
    const y = this.must(boardId, yearId);
    const r = y.closeRequest;
    if (y.status !== 'open' || !r || r.by === meta.actor || r.etag !== etag) throw new ConditionFailed(yearId);
    const attempt = (this.attempts.get(this.key(boardId, yearId)) ?? 0) + 1;
    this.attempts.set(this.key(boardId, yearId), attempt);
    const closingId = `close-${attempt}`;
    this.set({
      ...y,
      status: 'closing',
      closeRequest: { ...r, approvedBy: meta.actor, approvedAt: meta.at },
      closingEtag: etag,
      closingId,
    });
    return closingId;
  }
  async reopenRefusedClose(_meta: WriteMeta, boardId: string, yearId: string, closingId: string) {
    const y = this.must(boardId, yearId);
    if (y.status !== 'closing' || y.closingId !== closingId) throw new ConditionFailed(yearId);
    const { closingEtag: _e, closingId: _i, closeRequest, ...rest } = y;
    const { approvedBy: _b, approvedAt: _a, ...request } = closeRequest ?? { by: '', at: '' };
    this.set({ ...rest, status: 'open', ...(closeRequest ? { closeRequest: request } : {}) });
  }
  async finishClose(meta: WriteMeta, boardId: string, yearId: string, sealHash: string) {
    const y = this.must(boardId, yearId);
    if (y.status !== 'closing') throw new ConditionFailed(yearId);
    this.set({ ...y, status: 'closed', closedAt: meta.at, sealHash, version: y.version + 1 });
  }
  async reserveEntrySeq(_meta: WriteMeta, boardId: string, yearId: string) {
    return this.reserveEntryBlock(_meta, boardId, yearId, 1);
  }
  async reserveEntryBlock(_meta: WriteMeta, boardId: string, yearId: string, count: number) {
    const y = this.must(boardId, yearId);
    if (y.status !== 'open') throw new ConditionFailed(yearId);
    this.set({ ...y, seq: y.seq + count });
    return y.seq + 1;
  }
  async reserveCommitmentSeq(_meta: WriteMeta, boardId: string, yearId: string) {
    const y = this.must(boardId, yearId);
    if (y.status !== 'open' && y.status !== 'draft') throw new ConditionFailed(yearId);
    this.set({ ...y, commitSeq: y.commitSeq + 1 });
    return y.commitSeq + 1;
  }
  async commitImport(_meta: WriteMeta, boardId: string, yearId: string, importId: string) {
    const y = this.must(boardId, yearId);
    if (y.status !== 'open') throw new ConditionFailed(yearId);
    this.set({ ...y, committedImports: new Set([...(y.committedImports ?? []), importId]) });
  }
  async committedImports(boardId: string, yearId: string) {
    return this.years.get(this.key(boardId, yearId))?.committedImports ?? new Set<string>();
  }
  async reserveIncomeSeq(_meta: WriteMeta, boardId: string, yearId: string) {
    const y = this.must(boardId, yearId);
    if (y.status !== 'open') throw new ConditionFailed(yearId);
    const next = (y.incomeSeq ?? 0) + 1;
    this.set({ ...y, incomeSeq: next });
    return next;
  }
  async createRolledYear(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    budgetSet: Money,
    from: { from: string; uplift: string; operationId: string },
  ) {
    const y = await this.createYear(meta, boardId, yearId, budgetSet);
    return this.set({ ...y, rolledForward: { ...from } });
  }
  async completeRollForward(meta: WriteMeta, boardId: string, yearId: string) {
    const y = this.must(boardId, yearId);
    if (!y.rolledForward) throw new ConditionFailed(yearId);
    this.set({ ...y, rolledForward: { ...y.rolledForward, completedAt: y.rolledForward.completedAt ?? meta.at } });
  }
}

export class FakeOtherIncome implements OtherIncomePort {
  /** `board|year|seq` -> a record, or 'void' (a close's tombstone). */
  readonly slots = new Map<string, OtherIncome | 'void'>();
  readonly markers = new Map<string, ReversalMarker>();
  private slot = (boardId: string, yearId: string, seq: number) => `${boardId}|${yearId}|${seq}`;
  async putIncome(meta: WriteMeta, i: NewIncome) {
    const key = this.slot(i.boardId, i.yearId, i.seq);
    if (this.slots.has(key)) throw new ConditionFailed(key);
    const out: OtherIncome = {
      ...i,
      incomeId: incomeIdOf(i.seq),
      createdAt: meta.at,
      createdBy: meta.actor,
      requestId: meta.requestId,
      operationId: meta.operationId ?? meta.requestId,
    };
    this.slots.set(key, out);
    return out;
  }
  async incomeAt(boardId: string, yearId: string, seq: number) {
    return this.slots.get(this.slot(boardId, yearId, seq));
  }
  /** Every record of a year, in number order. */
  of(boardId: string, yearId: string): OtherIncome[] {
    return [...this.slots.values()]
      .filter((i): i is OtherIncome => i !== 'void' && i.boardId === boardId && i.yearId === yearId)
      .sort((a, b) => a.seq - b.seq);
  }
  voidedOf(boardId: string, yearId: string): number[] {
    return [...this.slots.entries()]
      .filter(([k, v]) => v === 'void' && k.startsWith(`${boardId}|${yearId}|`))
      .map(([k]) => Number(k.split('|')[2]));
  }
  async listIncome(boardId: string, yearId: string, args: ListArgs) {
    return pageOf(this.of(boardId, yearId), (i) => String(i.seq).padStart(8, '0'), args);
  }
  async claimReversal(meta: WriteMeta, boardId: string, yearId: string, incomeId: string, reversalSeq: number) {
    const key = `${boardId}|${yearId}|${incomeId}`;
    if (this.markers.has(key)) throw new ConditionFailed(key);
    this.markers.set(key, { reversalSeq, operationId: meta.operationId ?? meta.requestId });
  }
  async getReversalMarker(boardId: string, yearId: string, incomeId: string) {
    return this.markers.get(`${boardId}|${yearId}|${incomeId}`);
  }
  async voidIncomeSeq(_meta: WriteMeta, boardId: string, yearId: string, seq: number) {
    const key = this.slot(boardId, yearId, seq);
    if (this.slots.has(key)) return false;
    this.slots.set(key, 'void');
    return true;
  }
}

export class FakeLedger implements LedgerPort {
  /** `board|year|seq` -> an entry, or 'void' (a close's tombstone). */
  readonly slots = new Map<string, Entry | 'void'>();
  readonly markers = new Map<string, ReversalMarker>();
  private readonly years: FakeYears;
  private readonly lines: FakeBudgetLines;
  private readonly commitments: FakeCommitments;
  private readonly agreements: FakeAgreements;
  private readonly snapshots: FakeSnapshots;
  private readonly sars: () => FakeSars;
  private readonly income: FakeOtherIncome | undefined;
  /** `board|year|bucket` -> reference -> the entries holding it. */
  readonly references = new Map<string, Map<string, string[]>>();
  constructor(
    years: FakeYears,
    lines: FakeBudgetLines,
    commitments: FakeCommitments,
    agreements: FakeAgreements,
    snapshots: FakeSnapshots,
    sars: () => FakeSars,
    income?: FakeOtherIncome,
  ) {
    this.income = income;
    this.years = years;
    this.lines = lines;
    this.commitments = commitments;
    this.agreements = agreements;
    this.snapshots = snapshots;
    this.sars = sars;
  }
  private slot = (boardId: string, yearId: string, seq: number) => `${boardId}|${yearId}|${seq}`;
  private committed(boardId: string, yearId: string): ReadonlySet<string> {
    return this.years.years.get(`${boardId}|${yearId}`)?.committedImports ?? new Set();
  }
  private isVisible = (e: Entry) => e.importId === undefined || this.committed(e.boardId, e.yearId).has(e.importId);
  /** Every visible entry of a board, all years. */
  visible(boardId: string): Entry[] {
    return [...this.slots.values()].filter((e): e is Entry => e !== 'void' && e.boardId === boardId && this.isVisible(e));
  }
  async putEntry(meta: WriteMeta, e: NewEntry) {
    const key = this.slot(e.boardId, e.yearId, e.seq);
    if (this.slots.has(key)) throw new ConditionFailed(key);
    const entry: Entry = {
      ...e,
      entryId: entryIdOf(e.seq),
      createdAt: meta.at,
      createdBy: meta.actor,
      requestId: meta.requestId,
      operationId: meta.operationId ?? meta.requestId,
    };
    this.slots.set(key, entry);
    return entry;
  }
  async entryAt(boardId: string, yearId: string, seq: number) {
    return this.slots.get(this.slot(boardId, yearId, seq));
  }
  async entriesAt(boardId: string, yearId: string, seqs: readonly number[]) {
    const out = new Map<number, Entry | 'void'>();
    for (const seq of seqs) {
      const found = this.slots.get(this.slot(boardId, yearId, seq));
      if (found) out.set(seq, found);
    }
    return out;
  }
  async visibleEntryAt(boardId: string, yearId: string, seq: number) {
    const found = this.slots.get(this.slot(boardId, yearId, seq));
    return found && found !== 'void' && this.isVisible(found) ? found : undefined;
  }
  private yearEntries(boardId: string, yearId: string): Entry[] {
    return [...this.slots.values()]
      .filter((e): e is Entry => e !== 'void' && e.boardId === boardId && e.yearId === yearId && this.isVisible(e))
      .sort((a, b) => a.seq - b.seq);
  }
  async listEntries(boardId: string, yearId: string, args: ListArgs & { category?: string }) {
    const all = this.yearEntries(boardId, yearId).filter((e) => args.category === undefined || e.category === args.category);
    return pageOf(all, (e) => e.entryId, args);
  }
  async allEntries(boardId: string, yearId: string) {
    return this.yearEntries(boardId, yearId);
  }
  async claimReversal(meta: WriteMeta, boardId: string, yearId: string, entryId: string, reversalSeq: number, importId?: string) {
    const key = `${boardId}|${yearId}|${entryId}`;
    if (this.markers.has(key)) throw new ConditionFailed(key);
    this.markers.set(key, { reversalSeq, operationId: meta.operationId ?? meta.requestId, ...(importId ? { importId } : {}) });
  }
  async getReversalMarker(boardId: string, yearId: string, entryId: string) {
    return this.markers.get(`${boardId}|${yearId}|${entryId}`);
  }
  async reversalMarkers(boardId: string, yearId: string, entryIds: readonly string[]) {
    const out = new Map<string, ReversalMarker>();
    for (const id of entryIds) {
      const m = this.markers.get(`${boardId}|${yearId}|${id}`);
      if (m) out.set(id, m);
    }
    return out;
  }
  async voidEntrySeq(_meta: WriteMeta, boardId: string, yearId: string, seq: number) {
    const key = this.slot(boardId, yearId, seq);
    if (this.slots.has(key)) return false;
    this.slots.set(key, 'void');
    return true;
  }
  async referenceBucket(boardId: string, yearId: string, bucket: string) {
    const refs = this.references.get(`${boardId}|${yearId}|${bucket}`);
    return refs ? new Map(refs) : undefined;
  }
  async claimReferences(
    _meta: WriteMeta,
    boardId: string,
    yearId: string,
    bucket: string,
    claims: readonly { readonly reference: string; readonly holders: readonly string[]; readonly expected?: readonly string[] }[],
    opts: { readonly create?: boolean } = {},
  ) {
    const key = `${boardId}|${yearId}|${bucket}`;
    if (opts.create === this.references.has(key)) throw new ConditionFailed(key);
    const refs = this.references.get(key) ?? new Map<string, string[]>();
    for (const c of claims) {
      const held = refs.get(c.reference)?.join(' ');
      if (held !== c.expected?.join(' ')) throw new ConditionFailed(key);
    }
    for (const c of claims) refs.set(c.reference, [...c.holders]);
    this.references.set(key, refs);
  }
  async entryContext(boardId: string, yearId: string, category: string, sarId: string | undefined): Promise<EntryContext> {
    const year = await this.years.getYear(boardId, yearId);
    return {
      ...(year ? { year } : {}),
      lineExists: (await this.lines.getLine(boardId, yearId, category)) !== undefined,
      sarExists: sarId === undefined || (await this.sars().getSar(boardId, sarId)) !== undefined,
    };
  }
  async readYear(boardId: string, yearId: string): Promise<YearContents> {
    const mine = [...this.slots.entries()].filter(([k]) => k.startsWith(`${boardId}|${yearId}|`));
    const agreement = await this.agreements.getAgreement(boardId, yearId);
    const snapshot = await this.snapshots.getSnapshot(boardId, yearId);
    const virements = await this.lines.virements.getVirements(boardId, yearId);
    return {
      lines: reviseLines(
        [...this.lines.lines.items.values()].filter((l) => l.boardId === boardId && l.yearId === yearId),
        virements.items,
      ),
      virements: [...virements.items],
      virementsVersion: virements.version,
      entries: this.yearEntries(boardId, yearId),
      voided: mine.filter(([, v]) => v === 'void').map(([k]) => Number(k.split('|')[2])),
      pending: mine.flatMap(([, v]) => (v !== 'void' && !this.isVisible(v) ? [v.seq] : [])),
      commitments: await this.commitments.allCommitments(boardId, yearId),
      ...(agreement ? { agreement } : {}),
      ...(snapshot ? { snapshot } : {}),
      income: this.income?.of(boardId, yearId) ?? [],
      incomeVoided: this.income?.voidedOf(boardId, yearId) ?? [],
    };
  }
}

export class FakeCommitments implements CommitmentsPort {
  readonly commitments = new Map<string, Commitment>();
  async getCommitment(boardId: string, yearId: string, seq: number) {
    return this.commitments.get(`${boardId}|${yearId}|${seq}`);
  }
  async putCommitment(meta: WriteMeta, c: Omit<Commitment, 'commitmentId' | 'createdAt' | 'createdBy' | 'version' | 'releases'>) {
    const key = `${c.boardId}|${c.yearId}|${c.seq}`;
    if (this.commitments.has(key)) throw new ConditionFailed(key);
    const out: Commitment = {
      ...c,
      version: 1,
      releases: [],
      commitmentId: commitmentIdOf(c.seq),
      operationId: meta.operationId ?? meta.requestId,
      ...stampOf(meta),
    };
    this.commitments.set(key, out);
    return out;
  }
  async releaseCommitment(
    meta: WriteMeta,
    current: Commitment,
    release: Omit<CommitmentRelease, 'createdAt' | 'createdBy' | 'operationId'>,
  ) {
    const key = `${current.boardId}|${current.yearId}|${current.seq}`;
    const c = this.commitments.get(key);
    if (!c || c.version !== current.version) throw new ConditionFailed(key);
    const r: CommitmentRelease = { ...release, ...stampOf(meta), operationId: meta.operationId ?? meta.requestId };
    const out: Commitment = { ...c, releases: [...c.releases, r], version: c.version + 1 };
    this.commitments.set(key, out);
    return out;
  }
  async listCommitments(boardId: string, yearId: string, args: ListArgs) {
    return pageOf(await this.allCommitments(boardId, yearId), (c) => c.commitmentId, args);
  }
  async allCommitments(boardId: string, yearId: string) {
    return [...this.commitments.values()].filter((c) => c.boardId === boardId && c.yearId === yearId).sort((a, b) => a.seq - b.seq);
  }
  readonly claims = new Map<string, MatchClaim>();
  async matchClaims(boardId: string, yearId: string, entryId: string) {
    return [...this.claims.entries()]
      .filter(([k]) => k.startsWith(`${boardId}|${yearId}|${entryId}|`))
      .map(([, c]) => c)
      .sort((a, b) => a.n - b.n);
  }
  async claimMatch(meta: WriteMeta, boardId: string, yearId: string, claim: Omit<MatchClaim, 'at'>) {
    const key = `${boardId}|${yearId}|${claim.entryId}|${claim.n}`;
    if (this.claims.has(key)) throw new ConditionFailed(key);
    this.claims.set(key, { ...claim, at: meta.at });
  }
  async withdrawClaims(_meta: WriteMeta, current: Commitment, claimIds: readonly string[]) {
    const key = `${current.boardId}|${current.yearId}|${current.seq}`;
    const c = this.commitments.get(key);
    if (!c || c.version !== current.version) throw new ConditionFailed(key);
    this.commitments.set(key, { ...c, withdrawnClaims: [...(c.withdrawnClaims ?? []), ...claimIds], version: c.version + 1 });
  }
}

export class FakeBudgetLines implements BudgetLinesPort {
  /** Lines as stored: their own amount (the original once the year is open). */
  readonly lines = new Versions<StoredLine>();
  readonly virements = new FakeVirements();
  /** The close attempt whose fence each line carries (the adapter bumps the version and records it). */
  readonly stamped = new Map<string, string>();
  private revise(line: StoredLine | undefined, items: readonly Virement[]) {
    return line ? reviseLines([line], items)[0] : undefined;
  }
  async getLine(boardId: string, yearId: string, category: string) {
    const items = (await this.virements.getVirements(boardId, yearId)).items;
    return this.revise(this.lines.items.get(`${boardId}|${yearId}|${category}`), items);
  }
  async createLine(
    meta: WriteMeta,
    line: Pick<StoredLine, 'boardId' | 'yearId' | 'category' | 'name' | 'amount' | 'profile' | 'forecast'>,
  ) {
    const stored = this.lines.create(`${line.boardId}|${line.yearId}|${line.category}`, { ...line, version: 1, ...stampOf(meta) });
    return this.revise(stored, (await this.virements.getVirements(line.boardId, line.yearId)).items) as BudgetLine;
  }
  async updateLine(meta: WriteMeta, current: BudgetLine, fields: Pick<StoredLine, 'name' | 'amount' | 'profile' | 'forecast'>) {
    const stored = this.lines.update(`${current.boardId}|${current.yearId}|${current.category}`, current.version, (l) => {
      const { profile: _p, forecast: _f, ...rest } = l;
      return { ...rest, ...fields, version: l.version + 1, ...updated(meta) };
    });
    return this.revise(stored, (await this.virements.getVirements(current.boardId, current.yearId)).items) as BudgetLine;
  }
  async listLines(boardId: string, yearId: string, args: ListArgs) {
    const items = (await this.virements.getVirements(boardId, yearId)).items;
    const page = pageOf(
      [...this.lines.items.values()].filter((l) => l.boardId === boardId && l.yearId === yearId),
      (l) => l.category,
      args,
    );
    return { ...page, items: reviseLines(page.items, items) };
  }
  async stampLine(_meta: WriteMeta, line: BudgetLine, closingId: string) {
    const key = `${line.boardId}|${line.yearId}|${line.category}`;
    if (this.stamped.get(key) === closingId) return true;
    try {
      this.lines.update(key, line.version, (l) => ({ ...l, version: l.version + 1 }));
    } catch {
      return false;
    }
    this.stamped.set(key, closingId);
    return true;
  }
}

export class FakeVirements implements VirementsPort {
  readonly records = new Map<string, VirementsRecord>();
  readonly stamped = new Map<string, string>();
  async getVirements(boardId: string, yearId: string): Promise<VirementsRecord> {
    return this.records.get(`${boardId}|${yearId}`) ?? { version: 0, items: [] };
  }
  async listVirements(boardId: string, yearId: string, args: ListArgs) {
    return pageOf((await this.getVirements(boardId, yearId)).items, (v) => virementIdOf(v.seq), args);
  }
  async appendVirement(
    meta: WriteMeta,
    boardId: string,
    yearId: string,
    expectedVersion: number,
    v: Omit<Virement, 'createdAt' | 'createdBy' | 'operationId'>,
  ) {
    const key = `${boardId}|${yearId}`;
    const current = await this.getVirements(boardId, yearId);
    if (current.version !== expectedVersion) throw new ConditionFailed(key);
    const virement: Virement = { ...v, ...stampOf(meta), operationId: meta.operationId ?? meta.requestId };
    this.records.set(key, { version: current.version + 1, items: [...current.items, virement] });
    return virement;
  }
  async stampVirements(_meta: WriteMeta, boardId: string, yearId: string, version: number, closingId: string) {
    const key = `${boardId}|${yearId}`;
    if (this.stamped.get(key) === closingId) return true;
    const current = await this.getVirements(boardId, yearId);
    if (current.version !== version) return false;
    this.records.set(key, { ...current, version: current.version + 1 });
    this.stamped.set(key, closingId);
    return true;
  }
}

export class FakeAgreements implements AgreementsPort {
  readonly agreements = new Versions<StoredAgreement>();
  readonly stamped = new Map<string, string>();
  async getAgreement(boardId: string, yearId: string) {
    return this.agreements.items.get(`${boardId}|${yearId}`);
  }
  async createAgreement(meta: WriteMeta, boardId: string, yearId: string, wire: AgreementWire) {
    return this.agreements.create(`${boardId}|${yearId}`, { boardId, yearId, agreement: wire, version: 1, ...stampOf(meta) });
  }
  async updateAgreement(meta: WriteMeta, current: StoredAgreement, wire: AgreementWire) {
    return this.agreements.update(`${current.boardId}|${current.yearId}`, current.version, (a) => ({
      ...a,
      agreement: wire,
      version: a.version + 1,
      ...updated(meta),
    }));
  }
  async stampAgreement(_meta: WriteMeta, current: StoredAgreement, closingId: string) {
    const key = `${current.boardId}|${current.yearId}`;
    if (this.stamped.get(key) === closingId) return true;
    try {
      this.agreements.update(key, current.version, (a) => ({ ...a, version: a.version + 1 }));
    } catch {
      return false;
    }
    this.stamped.set(key, closingId);
    return true;
  }
}

export class FakeHistory implements HistoryPort {
  readonly history = new Map<string, History>();
  private readonly years: FakeYears;
  constructor(years: FakeYears) {
    this.years = years;
  }
  async getHistory(boardId: string, yearId: string) {
    return this.history.get(`${boardId}|${yearId}`);
  }
  async putHistory(
    meta: WriteMeta,
    h: Pick<History, 'boardId' | 'yearId' | 'budgetSet' | 'outturn' | 'contributions'>,
    existing: History | undefined,
  ) {
    const year = await this.years.getYear(h.boardId, h.yearId);
    const stored = this.history.get(`${h.boardId}|${h.yearId}`);
    if ((stored?.version ?? 0) !== (existing?.version ?? 0)) throw new ConditionFailed(`${h.yearId} HISTORY`);
    if (year && year.source !== 'history' && !(year.status === 'draft' && year.seq === 0)) throw new ConditionFailed(h.yearId);
    const out: History = {
      ...h,
      version: (existing?.version ?? 0) + 1,
      createdAt: existing?.createdAt ?? meta.at,
      createdBy: existing?.createdBy ?? meta.actor,
    };
    this.history.set(`${h.boardId}|${h.yearId}`, out);
    this.years.years.set(`${h.boardId}|${h.yearId}`, {
      boardId: h.boardId,
      yearId: h.yearId,
      status: 'closed',
      source: 'history',
      budgetSet: h.budgetSet,
      seq: 0,
      commitSeq: 0,
      version: (year?.version ?? 0) + 1,
      closedAt: year?.closedAt ?? meta.at,
      ...stampOf(meta),
    });
    return out;
  }
}

export class FakeSnapshots implements SnapshotsPort {
  readonly snapshots = new Map<string, RechargeSnapshot>();
  async getSnapshot(boardId: string, yearId: string) {
    return this.snapshots.get(`${boardId}|${yearId}`);
  }
  async putSnapshotOnce(_meta: WriteMeta, boardId: string, yearId: string, snapshot: RechargeSnapshot) {
    const key = `${boardId}|${yearId}`;
    const existing = this.snapshots.get(key);
    if (existing) return existing;
    this.snapshots.set(key, snapshot);
    return snapshot;
  }
}

export class FakeInvoices implements InvoicesPort {
  readonly invoices = new Map<string, Invoice>();
  /** Per board and series (`board|INV`, `board|CN`). */
  readonly counters = new Map<string, { last: number; lastFor?: string; sweptTo?: number }>();
  readonly reservationsByBoard = new Map<string, Map<number, NumberReservation>>();
  private key = (boardId: string, partnerId: string, invoiceId: string) => `${boardId}|${partnerId}|${invoiceId}`;
  async get(boardId: string, partnerId: string, invoiceId: string) {
    return this.invoices.get(this.key(boardId, partnerId, invoiceId));
  }
  async listForPartner(boardId: string, partnerId: string) {
    return [...this.invoices.values()].filter((i) => i.boardId === boardId && i.partnerId === partnerId);
  }
  async createDraft(meta: WriteMeta, inv: NewInvoice) {
    const key = this.key(inv.boardId, inv.partnerId, inv.invoiceId);
    if (this.invoices.has(key)) return false;
    this.invoices.set(key, { ...inv, status: 'draft', version: 1, ...stampOf(meta) });
    return true;
  }
  async allocateNumber(_meta: WriteMeta, boardId: string, series: Series, forKey: string) {
    const c = this.counters.get(`${boardId}|${series}`) ?? { last: 0 };
    if (c.lastFor === forKey) return c.last;
    const next = { ...c, last: c.last + 1, lastFor: forKey };
    this.counters.set(`${boardId}|${series}`, next);
    return next.last;
  }
  private reservationsOf(boardId: string, series: Series) {
    const r = this.reservationsByBoard.get(`${boardId}|${series}`) ?? new Map<number, NumberReservation>();
    this.reservationsByBoard.set(`${boardId}|${series}`, r);
    return r;
  }
  async reserveNumber(_meta: WriteMeta, boardId: string, series: Series, n: number, forKey: string) {
    const r = this.reservationsOf(boardId, series);
    const existing = r.get(n);
    if (existing) return existing.status === 'used' && existing.invoiceKey === forKey;
    r.set(n, { number: n, status: 'used', invoiceKey: forKey });
    return true;
  }
  async issue(_meta: WriteMeta, inv: Pick<Invoice, 'boardId' | 'partnerId' | 'invoiceId'>, n: number) {
    const key = this.key(inv.boardId, inv.partnerId, inv.invoiceId);
    const current = this.invoices.get(key);
    if (!current) throw new Error(`invoice ${inv.invoiceId} vanished`);
    if (current.number !== undefined) return current;
    const out: Invoice = { ...current, number: n, status: 'issued', version: current.version + 1 };
    this.invoices.set(key, out);
    return out;
  }
  async record(_meta: WriteMeta, inv: Invoice, changes: DocumentRecord) {
    const key = this.key(inv.boardId, inv.partnerId, inv.invoiceId);
    const current = this.invoices.get(key);
    if (!current || current.version !== inv.version || current.status === 'draft') throw new ConditionFailed(key);
    const out: Invoice = { ...current, ...changes, version: current.version + 1 };
    this.invoices.set(key, out);
    return out;
  }
  async reservations(boardId: string, series: Series, opts: { unswept?: boolean } = {}) {
    const c = this.counters.get(`${boardId}|${series}`);
    const sweptTo = c?.sweptTo ?? 0;
    const items = [...this.reservationsOf(boardId, series).values()].filter((r) => !opts.unswept || r.number > sweptTo);
    return { last: c?.last ?? 0, sweptTo, items };
  }
  async markSwept(_meta: WriteMeta, boardId: string, series: Series, n: number) {
    const c = this.counters.get(`${boardId}|${series}`);
    if (c && (c.sweptTo ?? 0) < n) this.counters.set(`${boardId}|${series}`, { ...c, sweptTo: n });
  }
  async voidNumber(_meta: WriteMeta, boardId: string, series: Series, n: number, reason: string, supersededKey?: string) {
    const r = this.reservationsOf(boardId, series);
    const existing = r.get(n);
    if (supersededKey === undefined) {
      if (existing) return false;
    } else if (existing?.status !== 'used' || existing.invoiceKey !== supersededKey) return false;
    r.set(n, { number: n, status: 'void', reason, ...(supersededKey ? { invoiceKey: supersededKey } : {}) });
    return true;
  }
}

export class FakeImports implements ImportsPort {
  readonly records = new Map<string, ImportRecord>();
  async get(boardId: string, yearId: string, importId: string) {
    return this.records.get(`${boardId}|${yearId}|${importId}`);
  }
  async createOnce(meta: WriteMeta, rec: NewImport) {
    const key = `${rec.boardId}|${rec.yearId}|${rec.importId}`;
    const existing = this.records.get(key);
    if (existing) return { record: existing, created: false };
    const record: ImportRecord = { ...rec, ...stampOf(meta) };
    this.records.set(key, record);
    return { record, created: true };
  }
  readonly claims = new Map<string, { owner: string; until: number }>();
  async claimBlock(meta: WriteMeta, boardId: string, yearId: string, importId: string, nowMs: number, leaseMs: number) {
    const key = `${boardId}|${yearId}|${importId}`;
    const r = this.records.get(key);
    if (!r) throw new ConditionFailed(key);
    if (r.firstSeq !== undefined) return { kind: 'recorded' as const, firstSeq: r.firstSeq };
    const owner = meta.operationId ?? meta.requestId;
    const held = this.claims.get(key);
    if (held && held.until >= nowMs && held.owner !== owner) return { kind: 'held' as const, untilMs: held.until };
    this.claims.set(key, { owner, until: nowMs + leaseMs });
    return { kind: 'claimed' as const };
  }
  async recordFirstSeq(_meta: WriteMeta, boardId: string, yearId: string, importId: string, firstSeq: number) {
    const key = `${boardId}|${yearId}|${importId}`;
    const r = this.records.get(key);
    if (!r) throw new ConditionFailed(key);
    if (r.firstSeq !== undefined) return r.firstSeq;
    this.records.set(key, { ...r, firstSeq });
    return firstSeq;
  }
  async stampCommitted(meta: WriteMeta, boardId: string, yearId: string, importId: string) {
    const key = `${boardId}|${yearId}|${importId}`;
    const r = this.records.get(key);
    if (r && !r.committedAt) this.records.set(key, { ...r, committedAt: meta.at, committedBy: meta.actor });
  }
}

export class FakeAudit implements AuditPort {
  readonly records: (AuditRecord & { boardId: string })[] = [];
  async list(boardId: string, month: string, args: ListArgs) {
    const mine = this.records
      .filter((r) => r.boardId === boardId && r.at.startsWith(month))
      .map(({ boardId: _b, ...r }, i) => ({ ...r, position: `${r.at}#${r.requestId}#${String(i).padStart(6, '0')}` }));
    return pageOf(mine, (r) => r.position, args);
  }
}

export class FakeIdempotency implements IdempotencyPort {
  readonly records = new Map<
    string,
    {
      fingerprint: string;
      status: 'in-progress' | 'done' | 'failed';
      memo: Record<string, string | number>;
      response?: StoredResponse;
      owner: string;
    }
  >();
  async claim(meta: WriteMeta, boardId: string, scope: string, fingerprint: string): Promise<Claim> {
    const key = `${boardId}|${scope}`;
    const r = this.records.get(key);
    if (!r || (r.fingerprint === fingerprint && r.status === 'failed')) {
      this.records.set(key, { fingerprint, status: 'in-progress', memo: r?.memo ?? {}, owner: meta.requestId });
      return { kind: 'claimed', memo: r?.memo ?? {} };
    }
    if (r.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (r.status === 'done' && r.response) return { kind: 'replay', response: r.response };
    return { kind: 'in-flight', retryAfterSeconds: 1 };
  }
  async remember(_meta: WriteMeta, boardId: string, scope: string, name: string, value: string | number) {
    const r = this.records.get(`${boardId}|${scope}`);
    if (r) r.memo[name] = value;
  }
  async complete(_meta: WriteMeta, boardId: string, scope: string, response: StoredResponse) {
    const r = this.records.get(`${boardId}|${scope}`);
    if (r) Object.assign(r, { status: 'done', response });
  }
  async release(_meta: WriteMeta, boardId: string, scope: string) {
    const r = this.records.get(`${boardId}|${scope}`);
    if (r) r.status = 'failed';
  }
}

export interface FakeDeps extends Deps {
  readonly boards: FakeBoards;
  readonly partners: FakePartners;
  readonly sars: FakeSars;
  readonly years: FakeYears;
  readonly ledger: FakeLedger;
  readonly commitments: FakeCommitments;
  readonly lines: FakeBudgetLines;
  readonly virements: FakeVirements;
  readonly agreements: FakeAgreements;
  readonly history: FakeHistory;
  readonly snapshots: FakeSnapshots;
  readonly invoices: FakeInvoices;
  readonly imports: FakeImports;
  readonly otherIncome: FakeOtherIncome;
  readonly audit: FakeAudit;
  readonly idempotency: FakeIdempotency;
  readonly outbox: FakeOutbox;
}

/** Every port in memory, wired together as the composition root wires the repositories. */
export function fakeDeps(): FakeDeps {
  const years = new FakeYears();
  const lines = new FakeBudgetLines();
  const commitments = new FakeCommitments();
  const agreements = new FakeAgreements();
  const snapshots = new FakeSnapshots();
  const otherIncome = new FakeOtherIncome();
  let sars: FakeSars | undefined;
  const ledger = new FakeLedger(years, lines, commitments, agreements, snapshots, () => sars as FakeSars, otherIncome);
  sars = new FakeSars(ledger);
  return {
    boards: new FakeBoards(),
    partners: new FakePartners(),
    sars,
    years,
    ledger,
    commitments,
    lines,
    virements: lines.virements,
    agreements,
    history: new FakeHistory(years),
    snapshots,
    invoices: new FakeInvoices(),
    imports: new FakeImports(),
    otherIncome,
    audit: new FakeAudit(),
    idempotency: new FakeIdempotency(),
    outbox: new FakeOutbox(),
  };
}
