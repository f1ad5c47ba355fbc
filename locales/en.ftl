# PumpSpace, English. Every message is sent with parse_mode HTML: write &lt; &gt; &amp; for
# literal < > &, and pass user text (labels, symbols) already escaped.

## Start and help

start-welcome =
    👋 <b>Welcome to PumpSpace!</b>

    PumpSpace watches Solana DEX trades as they happen (Pump.fun, PumpSwap, Raydium, Meteora, Orca, Jupiter…) and tells you the moment a wallet you follow buys or sells.

    { help-commands }

help-commands =
    <b>Commands</b>
    /track &lt;wallet&gt; [label] — follow a wallet (the label is optional, up to 32 characters)
    /untrack &lt;wallet&gt; — stop following a wallet
    /list — the wallets you follow
    /lang — switch language
    /help — this help

help = { help-commands }

## Commands menu (plain text, shown by Telegram next to "/")

command-start = Start and see what PumpSpace does
command-help = Commands and how to use them
command-track = Follow a wallet: /track <wallet> [label]
command-untrack = Stop following a wallet
command-list = The wallets you follow
command-lang = Switch language

## Track

track-usage =
    Usage: <code>/track &lt;wallet&gt; [label]</code>
    Example: <code>/track GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg Big whale</code>
track-added = ✅ Now tracking <code>{ $address }</code>. You will get an alert when it trades.
track-added-labelled = ✅ Now tracking <b>{ $label }</b> (<code>{ $address }</code>). You will get an alert when it trades.
track-duplicate = ℹ️ You already track this wallet as <b>{ $label }</b>.
track-duplicate-unlabelled = ℹ️ You already track this wallet.
track-limit = 🚫 You already track { $limit } wallets, the most one chat can. Remove one with /untrack first.
label-too-long = ❌ The label is { $length } characters long; please keep it to { $max }.
label-control-chars = ❌ The label contains invisible control characters. Please type it as plain text.

## Untrack

untrack-usage = Usage: <code>/untrack &lt;wallet&gt;</code>. See the wallets you follow with /list.
untrack-done = 🗑 Stopped tracking <code>{ $address }</code>.
untrack-done-labelled = 🗑 Stopped tracking <b>{ $label }</b> (<code>{ $address }</code>).
untrack-not-tracked = ℹ️ You don't track <code>{ $address }</code>. See the wallets you follow with /list.

## List

list-empty =
    You don't track any wallets yet.
    Add one with <code>/track &lt;wallet&gt; [label]</code>.
list-header = 📋 <b>Tracked wallets</b> ({ $count }/{ $limit })
list-item = { $index }. <b>{ $label }</b> — <code>{ $address }</code>
list-item-unlabelled = { $index }. <code>{ $address }</code>

## Address checks (shared by /track and /untrack)

address-oversized = ❌ That is too long for a command. A wallet address is 32–44 characters.
address-not-base58 = ❌ That is not a Solana address. Addresses use base58, which has no 0, O, I, l and no symbols; yours contains: <code>{ $chars }</code>
address-wrong-length = ❌ That is not a Solana address: an address is 32–44 characters long (32 bytes), and yours has { $chars }.
address-wrong-bytes = ❌ That is not a Solana address: it decodes to { $bytes } bytes, and an address is exactly 32. Did a character get lost or added while copying?
address-program = ❌ That is the { $name } program, not a wallet. Send the address of a wallet that trades.
address-off-curve = ❌ This looks like a program-owned account, not a wallet. Token accounts, pools and bonding curves belong to programs and never trade on their own: send the owner's wallet address (the one that signs the trades) instead.
address-mint = ❌ That is the mint of the token <b>{ $symbol }</b>, not a wallet. Send a wallet address.
address-mint-unnamed = ❌ That is a token mint, not a wallet. Send a wallet address.

## Language

lang-choose = 🌐 Choose your language:
lang-changed = ✅ Language set to English. Send /help to see the commands.
lang-changed-toast = Language: English
lang-button-en = English
lang-button-zh = 中文

## Groups

group-dm-only = 👋 For now PumpSpace works in a private chat: open @{ $bot } and send /start there.

## Errors and fallbacks

error-generic = ⚠️ Something went wrong on our side. Please try again in a moment.
unhandled = 🤔 I didn't understand that. Send /help to see what I can do.

## Alerts

alert-swap-buy = 🟢 <b>BUY</b> · { $wallet } bought <b>{ $tokenAmount }</b> { $token } for <b>{ $quoteAmount } { $quote }</b>
alert-swap-sell = 🔴 <b>SELL</b> · { $wallet } sold <b>{ $tokenAmount }</b> { $token } for <b>{ $quoteAmount } { $quote }</b>
alert-price = Price: { $price }
alert-dex = DEX: { $dex }
alert-dex-unknown = an unrecognised DEX
alert-mint = Mint: <code>{ $mint }</code>
alert-links = <a href="{ $tx }">Tx</a> · <a href="{ $wallet }">Wallet</a> · <a href="{ $chart }">Chart</a>
alert-button-tx = 🔎 Solscan
alert-button-wallet = 👛 Wallet
alert-button-chart = 📈 Chart

## Group admins

group-admin-only = 🙏 Sorry, only this group's admins can change what the bot does here. Ask an admin to do it.
group-help =
    👋 <b>PumpSpace in this group</b>
    Admins set it up: /track &lt;wallet&gt; [label], /untrack &lt;wallet&gt;, /lang. Everyone can see the list with /list.
    Alerts for the tracked wallets arrive here; a burst of alerts comes as one digest message.
    For your own alerts, open @{ $bot } and send /start.

## Alert delivery

alert-button-token-card = 🪙 Token
alert-button-wallet-card = 👛 Wallet card
alert-button-track = ➕ Track wallet
alert-button-untrack = ➖ Untrack wallet
alert-button-mute-token = 🔕 Mute token
alert-button-mute-rule = 🔕 Mute rule
alert-latency = ⏱ block { $block } → sent { $sent } UTC ({ $latency })
alert-latency-unknown = ⏱ sent { $sent } UTC (block time unknown)
alert-digest-header = 📦 <b>{ $count } alerts</b> (merged into one message: groups get at most 20 messages a minute)
alert-digest-buy = 🟢 { $wallet } bought <b>{ $tokenAmount }</b> { $token } for { $quoteAmount } { $quote } · ⏱ { $latency }
alert-digest-sell = 🔴 { $wallet } sold <b>{ $tokenAmount }</b> { $token } for { $quoteAmount } { $quote } · ⏱ { $latency }
alert-action-invalid = This button is out of date.
alert-action-tracked = ✅ Now tracking this wallet.
alert-action-untracked = 🗑 Stopped tracking this wallet.
alert-action-not-tracked = ℹ️ This chat does not track this wallet.
alert-action-muted-token = 🔕 Muted: no more alerts about this token here.
alert-action-muted-rule = 🔕 Muted: no more alerts from this rule here.
alert-action-already-muted = ℹ️ Already muted.

## Admin

admin-refused = 🚫 Sorry, global settings can only be changed from the operator's admin chat.
admin-main = 🛠 <b>PumpSpace admin</b>: global settings and ingest health.
admin-menu-tiers = 🏆 Scoring tiers
admin-menu-rules = ⚙️ Rule defaults
admin-menu-limits = 🚦 Per-chat limits
admin-menu-channels = 📡 Tracked channels
admin-menu-health = 🩺 Ingest health
admin-back = ⬅️ Back
admin-field-S = Tier S score
admin-field-A = Tier A score
admin-field-B = Tier B score
admin-field-clusterWallets = Cluster: wallets (N)
admin-field-clusterWindowMinutes = Cluster: window (T, minutes)
admin-field-wallets = Wallets per chat
admin-field-rules = Rules per chat
admin-field-alertsPerHour = Alerts per chat per hour
admin-enter-number = Send the new value for <b>{ $field }</b> (a number), or /cancel.
admin-cancelled = Cancelled; nothing changed.
admin-not-a-number = ❌ <code>{ $value }</code> is not a number. Send a number, or /cancel.
admin-saved = ✅ { $field } is now <b>{ $value }</b>.
admin-invalid-value = ❌ { $value } is not allowed for { $field }: <i>{ $reason }</i>. Send another value, or /cancel.
admin-enter-channels = Send the channel usernames to follow, separated by spaces (for example <code>@alpha_calls @gems</code>), <code>-</code> for none, or /cancel.
admin-channels-list = 📡 Tracked channels:
    { $list }
admin-channels-empty = 📡 No channels are tracked yet.
admin-channels-saved = ✅ Tracking { $count } channel(s).
admin-channels-invalid = ❌ Not saved: <i>{ $reason }</i>. Usernames are 5–32 letters, digits or _. Send the list again, or /cancel.
admin-health-header = 🩺 <b>Ingest health</b>
admin-health-lag = Newest slot { $slot } · { $seconds } s behind the chain · { $rate } swaps/s (last minute)
admin-health-cursor = Cursor <code>{ $source }</code>: { $lag } slots behind, updated { $age } s ago
admin-health-queue = Queue <code>{ $name }</code>: { $waiting } waiting, { $active } active, { $delayed } delayed, { $failed } failed
admin-health-errors = Errors (dead letters) in the last hour: { $count }
