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

## Chart

command-chart = price chart of a token
chart-usage = 📈 Send <code>/chart &lt;token mint&gt; [1h|24h|7d]</code> for a price chart with smart-money trades marked, or <code>/chart &lt;token mint&gt; &lt;wallet&gt;</code> to mark one wallet's trades.
chart-bad-arg = ⚠️ I can't read <code>{ $arg }</code>: expected a time range (1h, 24h or 7d) or a wallet address.
chart-too-many-args = ⚠️ Too many arguments. { chart-usage }
chart-working = ⏳ Drawing the chart…
chart-no-trades = 📭 No trades of <b>{ $token }</b> in the last { $range }, so there is no chart to draw.
chart-no-trades-ever = 📭 PumpSpace has no trades of <b>{ $token }</b> yet, so there is no chart to draw.
chart-last-trade = Last trade: { $time }.
chart-caption = 📈 <b>{ $token }</b> · { $range } · { $price } { $change }
chart-caption-trades = { $trades } trades · smart-money buys ▲ and sells ▼ marked
chart-caption-wallet = Trades of <code>{ $wallet }</code> marked ●
chart-caption-wallet-none = <code>{ $wallet }</code> did not trade it in the last { $range }
chart-failed = ⚠️ The chart could not be drawn right now. Please try again in a moment.
chart-button = 📈 Chart
chart-subtitle = { $range } · { $currency } · UTC
chart-legend-smart-buy = Smart buy
chart-legend-smart-sell = Smart sell
chart-legend-wallet-buy = Wallet buy
chart-legend-wallet-sell = Wallet sell
chart-volume = Volume
chart-trades = { $count } trades
chart-no-data-image = No trades in the last { $range }

## Cards

card-wallet-heading = Wallet PnL
card-tier = Tier
card-unranked = –
card-score = Score
card-pnl-7d = PnL 7d
card-pnl-30d = PnL 30d
card-win-rate = Win rate
card-trades-30d = Trades 30d
card-best-trades = Best trades
card-no-trades = No closed trades yet
card-equity = PnL curve (30d)
card-as-of = as of { $time }
card-caller-heading = Caller
card-rank = Rank
card-calls = Calls
card-hit-rate = Hit rate
card-median = Median return
card-best = Best call
card-lead = Lead time
card-top-calls = Best calls
card-no-calls = No scored calls yet
card-button = 🖼 PnL card
card-unavailable = This card is not available yet.
card-caption-wallet = 🖼 PnL card of <code>{ $wallet }</code>
card-caption-caller = 🖼 { $name }
