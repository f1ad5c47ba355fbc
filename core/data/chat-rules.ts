/**
 * Chat rule documents in Postgres (`chat_rules`, one JSON document per chat), validated with zod
 * on every write and every read, and the loader that hands all chats' rules to the rule engine.
 *
 * Key idea: like tracked wallets, a trigger bumps a version row on every change; the pipeline
 * reads both version rows per batch (one tiny query) and reloads everything only when either
 * moved. A stored document that no longer validates is skipped with its reason, never a crash.
 */
import { z } from "zod";
import type { ChatRuleSet } from "../domain/rules/engine.js";
import { chatRulesSchema, emptyChatRules, type ChatRules, type ChatRulesInput } from "../domain/rules/schema.js";
import type { SqlRunner, SqlSession } from "./db.js";

/** A rules document that failed validation, with zod's account of why. */
export class InvalidRulesError extends Error {
  override name = "InvalidRulesError";
  constructor(
    readonly chatId: string,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(`rules of chat ${chatId} are invalid: ${issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  }
}

function parse(chatId: string, doc: unknown): ChatRules {
  const r = chatRulesSchema.safeParse(doc);
  if (!r.success) throw new InvalidRulesError(chatId, r.error.issues);
  return r.data;
}

/** The chat's document (the empty one when it has none). */
export async function readChatRules(sql: SqlSession, chatId: string | number | bigint): Promise<ChatRules> {
  const [row] = await sql.query<{ doc: unknown }>(`SELECT doc FROM chat_rules WHERE chat_id = $1`, [String(chatId)]);
  return row ? parse(String(chatId), row.doc) : emptyChatRules();
}

/** Validates and stores a whole document; throws `InvalidRulesError` and stores nothing when it is invalid. */
export async function writeChatRules(sql: SqlSession, chatId: string | number | bigint, doc: ChatRulesInput, updatedBy: number | null = null): Promise<ChatRules> {
  const valid = parse(String(chatId), doc);
  await sql.query(
    `INSERT INTO chat_rules (chat_id, doc, updated_by) VALUES ($1, $2, $3)
     ON CONFLICT (chat_id) DO UPDATE SET doc = EXCLUDED.doc, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [String(chatId), JSON.stringify(valid), updatedBy],
  );
  return valid;
}

/**
 * Read, change, validate, write, under a row lock so two admins editing at once do not lose
 * each other's change. `change` returns the new document (or throws to abort).
 */
export async function updateChatRules(
  sql: SqlRunner,
  chatId: string | number | bigint,
  change: (doc: ChatRules) => ChatRulesInput,
  updatedBy: number | null = null,
): Promise<ChatRules> {
  return sql.transaction(async (tx) => {
    await tx.query(`INSERT INTO chat_rules (chat_id, doc) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [String(chatId), JSON.stringify(emptyChatRules())]);
    const [row] = await tx.query<{ doc: unknown }>(`SELECT doc FROM chat_rules WHERE chat_id = $1 FOR UPDATE`, [String(chatId)]);
    const next = change(parse(String(chatId), row?.doc ?? {}));
    return writeChatRules(tx, chatId, next, updatedBy);
  });
}

export interface LoadedRuleSets {
  sets: ChatRuleSet[];
  invalid: InvalidRulesError[];
}

/** Every reachable chat with rules or tracked wallets, in one pass over each table. */
export async function loadRuleSets(sql: SqlSession): Promise<LoadedRuleSets> {
  const rules = await sql.query<{ chat_id: string; doc: unknown }>(
    `SELECT r.chat_id, r.doc FROM chat_rules r JOIN chat c ON c.id = r.chat_id WHERE c.blocked_at IS NULL`,
  );
  const wallets = await sql.query<{ chat_id: string; address: string; label: string | null }>(
    `SELECT tw.chat_id, tw.address, tw.label FROM tracked_wallet tw JOIN chat c ON c.id = tw.chat_id WHERE c.blocked_at IS NULL`,
  );
  const byChat = new Map<string, ChatRuleSet & { wallets: { address: string; label: string | null }[] }>();
  const invalid: InvalidRulesError[] = [];
  for (const r of rules) {
    const chatId = String(r.chat_id);
    try {
      byChat.set(chatId, { chatId, rules: parse(chatId, r.doc), wallets: [] });
    } catch (err) {
      if (!(err instanceof InvalidRulesError)) throw err;
      invalid.push(err);
      // A chat whose rules cannot be read still gets its tracked wallets, unfiltered.
      byChat.set(chatId, { chatId, rules: emptyChatRules(), wallets: [] });
    }
  }
  for (const w of wallets) {
    const chatId = String(w.chat_id);
    let set = byChat.get(chatId);
    if (!set) byChat.set(chatId, (set = { chatId, rules: emptyChatRules(), wallets: [] }));
    set.wallets.push({ address: w.address, label: w.label });
  }
  return { sets: [...byChat.values()], invalid };
}

/**
 * Both version rows as one string: changes when rules or tracked wallets change. (A chat that
 * blocks the bot stays loaded until the next change; the notifier drops its alerts.)
 */
export async function ruleSetsVersion(sql: SqlSession): Promise<string> {
  const [row] = await sql.query<{ v: string }>(
    `SELECT (SELECT version FROM chat_rules_version WHERE id = 1)::text || '/' ||
            (SELECT version FROM tracked_wallet_version WHERE id = 1)::text AS v`,
  );
  return row?.v ?? "";
}
