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

## Rules alerts

alert-via-token = 🔔 Token you follow
alert-via-tier = ⭐ Smart money, tier { $tier }
alert-cluster-buy = 🚨 <b>CLUSTER BUY</b> · { $count } smart wallets bought { $token } within { $window } s
alert-accumulation = 📥 <b>ACCUMULATION</b> · { $wallet } bought { $token } { $count } times within { $window } s
alert-first-buy = 🆕 <b>FIRST SMART BUY</b> · { $wallet } is the first smart wallet to buy { $token }
alert-cluster-exit = 🏃 <b>CLUSTER EXIT</b> · { $count } of the { $size } wallets behind the { $token } cluster buy are selling
alert-cluster-since = The cluster bought { $minutes } min earlier.
alert-evidence-buy = • { $wallet } bought { $amount } for { $sol } SOL at <a href="{ $tx }">{ $time }</a>
alert-evidence-sell = • { $wallet } sold { $amount } for { $sol } SOL at <a href="{ $tx }">{ $time }</a>
alert-evidence-more = • and { $n } more
alert-latency = ⏱ { $seconds } s after the block

## Rules

rules-unavailable = ⚠️ Rules are not set up on this bot yet.
rules-admins-only = 🔒 Only the group's admins can change its subscriptions, filters and rules.
rules-sub-usage = Subscribe this chat to a token: <code>/subscribe token &lt;mint&gt;</code>, or to every smart wallet of a tier: <code>/subscribe tier S</code> (S, A, B). <code>/unsubscribe &lt;id&gt;</code> removes one.
rules-sub-none = No subscriptions yet.
rules-sub-limit = ⚠️ This chat has the most subscriptions allowed ({ $limit }). Remove one with /unsubscribe first.
rules-sub-bad-mint = ⚠️ That is not a token mint address. Usage: <code>/subscribe token &lt;mint&gt;</code>
rules-sub-duplicate = This chat already follows that token.
rules-sub-bad-tier = ⚠️ Tiers are { $tiers }. Example: <code>/subscribe tier S A</code>
rules-sub-added = ✅ Subscribed (id <code>{ $id }</code>).
rules-unsub-usage = Usage: <code>/unsubscribe &lt;id&gt;</code> — /subscribe lists the ids.
rules-unsub-done = ✅ Subscription <code>{ $id }</code> removed.
rules-not-found = ⚠️ Nothing with id <code>{ $id }</code> here.
rules-filter-show = Filters: { $filter }
    Quiet hours: { $quiet }
    Change one with <code>/filters &lt;key&gt; &lt;value&gt;</code>, e.g. <code>/filters minsol 1</code>, <code>/filters side buy</code>, <code>/filters quiet 23:00-07:00 +8</code>, <code>/filters reset</code>.
rules-filter-none = none
rules-filter-set = ✅ Filters saved.
rules-filter-usage = ⚠️ Usage: <code>/filters &lt;key&gt; &lt;value&gt;</code>. Keys: { $keys }
rules-filter-bad-value = ⚠️ <code>{ $value }</code> is not a value for { $key }. Numbers (or <code>off</code>) for sizes, market cap, liquidity and age in minutes; buy, sell or both for side; on or off for the risk switches.
rules-filter-bad-label = ⚠️ Labels are { $labels }.
rules-filter-bad-quiet = ⚠️ Quiet hours look like <code>23:00-07:00</code>, with your UTC offset if not UTC: <code>23:00-07:00 +8</code>.
rules-filter-conflict = ⚠️ Not saved: { $reason }
rules-add-usage = ⚠️ Usage: <code>/rules add &lt;kind&gt; [count] [seconds]</code>. Kinds: { $kinds }
rules-add-bad = ⚠️ Not added: { $reason }
rules-limit = ⚠️ This chat has the most rules allowed ({ $limit }).
rules-added = ✅ Rule <code>{ $id }</code> ({ $kind }) added and on. Try it first: <code>/backtest { $id }</code>
rules-on = ▶️ Rule <code>{ $id }</code> is on.
rules-off = ⏸ Rule <code>{ $id }</code> is paused.
rules-deleted = 🗑 Rule <code>{ $id }</code> deleted.
rules-list-title = <b>Pattern rules</b> (add one with <code>/rules add cluster-buy 3 60</code>):
rules-list-empty = none yet
backtest-usage = Usage: <code>/backtest &lt;rule id&gt; [days]</code> — /rules lists the ids.
backtest-bad-days = ⚠️ Days must be a whole number from 1 to 30.
backtest-working = ⏳ Backtesting rule <code>{ $id }</code> over the last { $days } days of stored swaps…
backtest-result = 📊 Rule <code>{ $id }</code>, last { $days } days ({ $swaps } swaps): it would have fired <b>{ $fires }</b> times on { $tokens } tokens.
backtest-returns = After { $horizon } ({ $n } with data): median { $median }, best { $best }, worst { $worst }
backtest-caveat = <i>Uses today's wallet tiers, so past results look somewhat better than they were.</i>
backtest-failed = ⚠️ The backtest failed. Please try again later.
