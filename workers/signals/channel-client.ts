/**
 * The userbot's view of Telegram: what the signals service needs, behind a small interface so
 * tests use a double (built with GramJS's own Api types) where MTProto cannot be reached.
 *
 * What is used: public channels are read WITHOUT joining — `messages.getHistory` works on any
 * public channel — by polling each channel's history after its cursor, and re-reading the last
 * few posts to see edits. Live updates (new and edited messages pushed by Telegram) only arrive
 * for channels the account has joined; with SIGNALS_JOIN=true the client joins and those pushes
 * are handled too, polling then only closes gaps.
 */
import { Api, TelegramClient, errors } from "telegram";
import { EditedMessage, type EditedMessageEvent } from "telegram/events/EditedMessage.js";
import { NewMessage, type NewMessageEvent } from "telegram/events/NewMessage.js";
import { LogLevel } from "telegram/extensions/Logger.js";
import { StringSession } from "telegram/sessions/index.js";

export interface ChannelInfo {
  /** Telegram's channel id (decimal string). */
  id: string;
  username: string | null;
  title: string | null;
}

export interface ChannelUpdate {
  kind: "new" | "edit";
  /** Telegram's channel id (decimal string). */
  channelId: string;
  message: Api.Message;
}

export interface ChannelClient {
  /** Looks up a public channel by @username (without @). */
  resolve(username: string): Promise<ChannelInfo>;
  /** Posts with id > `afterId`, oldest first, at most `limit`. */
  history(username: string, afterId: number, limit: number): Promise<Api.Message[]>;
  /** The newest `limit` posts, newest first (to see edits of recent posts). */
  recent(username: string, limit: number): Promise<Api.Message[]>;
  /** Joins a channel so Telegram pushes its updates (optional: reading needs no join). */
  join?(username: string): Promise<void>;
  /** Live updates; returns an unsubscribe function. */
  onUpdate(handler: (u: ChannelUpdate) => void): () => void;
}

/** Is `err` Telegram asking us to wait? Returns the seconds, else null. */
export function floodWaitSeconds(err: unknown): number | null {
  if (err instanceof errors.FloodWaitError) return err.seconds;
  // Premium/slow-mode variants carry `seconds` too.
  const seconds = (err as { seconds?: unknown } | null)?.seconds;
  if (err instanceof errors.FloodError && typeof seconds === "number") return seconds;
  return null;
}

function channelIdOf(message: Api.Message): string | null {
  return message.peerId instanceof Api.PeerChannel ? message.peerId.channelId.toString() : null;
}

export interface GramJsOptions {
  apiId: number;
  apiHash: string;
  session: string;
}

/** The real client over GramJS. Flood waits are thrown to the caller (floodSleepThreshold 0). */
export class GramJsChannelClient implements ChannelClient {
  readonly client: TelegramClient;

  constructor(o: GramJsOptions) {
    this.client = new TelegramClient(new StringSession(o.session), o.apiId, o.apiHash, {
      connectionRetries: 10,
      floodSleepThreshold: 0,
    });
    // GramJS logs to the console on its own; keep it to errors, our logger reports what matters.
    this.client.setLogLevel(LogLevel.ERROR);
  }

  async connect(): Promise<void> {
    await this.client.connect();
    if (!(await this.client.checkAuthorization())) {
      throw new Error("TELEGRAM_SESSION is not logged in: run `npm run -s userbot:login` and put the printed session in the environment");
    }
  }

  async disconnect(): Promise<void> {
    await this.client.disconnect();
  }

  async resolve(username: string): Promise<ChannelInfo> {
    const entity = await this.client.getEntity(username);
    if (!(entity instanceof Api.Channel)) throw new Error(`@${username} is not a channel`);
    return { id: entity.id.toString(), username: entity.username ?? null, title: entity.title ?? null };
  }

  async history(username: string, afterId: number, limit: number): Promise<Api.Message[]> {
    const list = await this.client.getMessages(username, { minId: afterId, limit, reverse: true });
    return list.filter((m): m is Api.Message => m instanceof Api.Message);
  }

  async recent(username: string, limit: number): Promise<Api.Message[]> {
    const list = await this.client.getMessages(username, { limit });
    return list.filter((m): m is Api.Message => m instanceof Api.Message);
  }

  async join(username: string): Promise<void> {
    await this.client.invoke(new Api.channels.JoinChannel({ channel: username }));
  }

  onUpdate(handler: (u: ChannelUpdate) => void): () => void {
    const onNew = (e: NewMessageEvent) => {
      const id = channelIdOf(e.message);
      if (id !== null) handler({ kind: "new", channelId: id, message: e.message });
    };
    const onEdit = (e: EditedMessageEvent) => {
      const id = channelIdOf(e.message);
      if (id !== null) handler({ kind: "edit", channelId: id, message: e.message });
    };
    const newFilter = new NewMessage({});
    const editFilter = new EditedMessage({});
    this.client.addEventHandler(onNew, newFilter);
    this.client.addEventHandler(onEdit, editFilter);
    return () => {
      this.client.removeEventHandler(onNew, newFilter);
      this.client.removeEventHandler(onEdit, editFilter);
    };
  }
}
