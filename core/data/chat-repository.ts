/**
 * Chats and the wallets they track, over Prisma.
 *
 * The subtle part is the per-chat wallet limit: "count, then insert" in two statements lets two
 * concurrent /track commands both see room for one more. `trackWallet` therefore locks the chat's
 * row (`SELECT … FOR UPDATE`) inside the transaction first; concurrent calls for one chat queue on
 * that lock, and each counts only after the previous one committed (READ COMMITTED takes a new
 * snapshot per statement). Different chats never wait for each other.
 */
import type { PrismaClient } from "./db.js";

/** A Telegram chat id (`number` from grammY, `bigint` from the database). */
export type ChatId = number | bigint;

export interface ChatInfo {
  id: ChatId;
  /** "private" | "group" | "supergroup" | "channel" */
  type: string;
  title?: string | null;
  username?: string | null;
  /**
   * The Telegram client's `language_code`, which alerts follow while no language was chosen.
   * Undefined leaves the stored value alone (groups, where senders differ).
   */
  clientLanguage?: string | null;
}

export interface TrackedWalletRow {
  address: string;
  label: string | null;
  createdAt: Date;
}

/** What `trackWallet` did: added it, found it already tracked (with its label), or hit the limit. */
export type TrackResult = "added" | { duplicate: string | null } | "limit";

export interface TokenInfo {
  mint: string;
  symbol: string | null;
  name: string | null;
}

/** Raised when a wallet is tracked for a chat that was never stored (upsert the chat first). */
export class ChatNotFoundError extends Error {
  override name = "ChatNotFoundError";
  constructor(readonly chatId: ChatId) {
    super(`chat ${chatId} is not stored: upsertChat() must run before trackWallet()`);
  }
}

const toBigInt = (id: ChatId): bigint => (typeof id === "bigint" ? id : BigInt(id));

/**
 * Reads and writes chats, their language and their tracked wallets.
 *
 * @example
 * const chats = new ChatRepository(db.prisma);
 * await chats.upsertChat({ id: 42, type: "private", username: "alice" });
 * await chats.trackWallet(42, address, "whale", 100); // "added"
 */
export class ChatRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Creates or refreshes a chat. A chat that talks to the bot again is reachable again, so
   * `blockedAt` is cleared. Returns the chat's stored language (null: follow the client).
   */
  async upsertChat(chat: ChatInfo): Promise<{ language: string | null }> {
    const data = {
      type: chat.type,
      title: chat.title ?? null,
      username: chat.username ?? null,
      ...(chat.clientLanguage !== undefined ? { clientLanguage: chat.clientLanguage } : {}),
    };
    const row = await this.prisma.chat.upsert({
      where: { id: toBigInt(chat.id) },
      create: { id: toBigInt(chat.id), ...data },
      update: { ...data, blockedAt: null },
      select: { language: true },
    });
    return { language: row.language };
  }

  /** Marks a chat unreachable (bot blocked or removed) so alerts stop until it talks again. */
  async markBlocked(chatId: ChatId, at: Date = new Date()): Promise<void> {
    await this.prisma.chat.updateMany({ where: { id: toBigInt(chatId), blockedAt: null }, data: { blockedAt: at } });
  }

  /** The language chosen with /lang, or null (none chosen, or chat unknown). */
  async getLanguage(chatId: ChatId): Promise<string | null> {
    const row = await this.prisma.chat.findUnique({ where: { id: toBigInt(chatId) }, select: { language: true } });
    return row?.language ?? null;
  }

  /** Stores the chat's language (null goes back to following the client); false if the chat is unknown. */
  async setLanguage(chatId: ChatId, language: string | null): Promise<boolean> {
    const { count } = await this.prisma.chat.updateMany({ where: { id: toBigInt(chatId) }, data: { language } });
    return count > 0;
  }

  /**
   * Adds a wallet to a chat unless it is already there or the chat already has `limit` wallets.
   * A duplicate is reported even at the limit, so the user hears the more useful answer.
   *
   * @throws ChatNotFoundError when the chat row does not exist.
   */
  async trackWallet(chatId: ChatId, address: string, label: string | null, limit: number): Promise<TrackResult> {
    const id = toBigInt(chatId);
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: unknown }[]>`SELECT id FROM chat WHERE id = ${id} FOR UPDATE`;
      if (locked.length === 0) throw new ChatNotFoundError(chatId);
      const existing = await tx.trackedWallet.findUnique({
        where: { chatId_address: { chatId: id, address } },
        select: { label: true },
      });
      if (existing) return { duplicate: existing.label };
      const count = await tx.trackedWallet.count({ where: { chatId: id } });
      if (count >= limit) return "limit";
      await tx.trackedWallet.create({ data: { chatId: id, address, label } });
      return "added";
    });
  }

  /** Removes a tracked wallet; returns its label when it was tracked, `null` when it was not. */
  async untrackWallet(chatId: ChatId, address: string): Promise<{ label: string | null } | null> {
    const rows = await this.prisma.$queryRaw<{ label: string | null }[]>`
      DELETE FROM tracked_wallet WHERE chat_id = ${toBigInt(chatId)} AND address = ${address} RETURNING label`;
    return rows[0] ?? null;
  }

  /** The chat's wallets, oldest first (the order the user added them). */
  async listWallets(chatId: ChatId): Promise<TrackedWalletRow[]> {
    return this.prisma.trackedWallet.findMany({
      where: { chatId: toBigInt(chatId) },
      select: { address: true, label: true, createdAt: true },
      orderBy: [{ createdAt: "asc" }, { address: "asc" }],
    });
  }

  /** The token whose mint is `address`, if PumpSpace knows it. */
  async getToken(address: string): Promise<TokenInfo | null> {
    return this.prisma.token.findUnique({ where: { mint: address }, select: { mint: true, symbol: true, name: true } });
  }

  /** Whether `address` is a token mint in the `token` table. */
  async isKnownMint(address: string): Promise<boolean> {
    return (await this.getToken(address)) !== null;
  }
}
