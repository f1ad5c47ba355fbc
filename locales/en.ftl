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
    /token &lt;mint&gt; — a token's card: price, volume, market cap, risks
    /wallet &lt;wallet&gt; — a wallet's card: score, PnL, win rate, holdings
    /top &lt;mint&gt; — a token's most profitable wallets
    /callers — leaderboard of the call channels; /caller @channel — one channel's record
    /subscribe token &lt;mint&gt; | tier S [A B] — alerts for a token, or for smart wallets of a tier
    /filters [key value] — size, market cap, liquidity, age, risk and quiet-hours filters
    /rules — pattern rules (cluster buy, accumulation, first buy, cluster exit), built or edited step by step with its buttons; /backtest &lt;rule&gt; [days]; /cancel leaves a setup half-way
    /lang — switch language
    /help — this help
    In any chat: type @ and the bot's name, then a mint, a wallet or a $TICKER, for a card to share

help = { help-commands }

## Commands menu (plain text, shown by Telegram next to "/")

command-start = Start and see what PumpSpace does
command-help = Commands and how to use them
command-track = Follow a wallet: /track <wallet> [label]
command-untrack = Stop following a wallet
command-list = The wallets you follow
command-token = A token's card: /token <mint>
command-wallet = A wallet's card: /wallet <wallet>
command-top = A token's most profitable wallets: /top <mint>
command-subscribe = Alerts for a token or a smart-money tier
command-filters = The chat's alert filters
command-rules = Pattern rules and their backtests
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

## Token

token-usage =
    Usage: <code>/token &lt;mint&gt;</code>
    Example: <code>/token EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v</code>
token-oversized = ❌ That is too long for a command. A token's mint address is 32–44 characters.
token-working = ⏳ Reading this token from the chain…
token-unavailable = ⚠️ I can't read <code>{ $mint }</code> from the chain right now, and PumpSpace has not seen it trade. Please try again in a minute.
token-not-found = ❌ There is no account at <code>{ $mint }</code> on Solana, so it is not a token. Check the address for a typo.
token-is-wallet = ❌ <code>{ $mint }</code> is a wallet, not a token. Send the token's mint address (its contract address, CA).
token-is-program = ❌ <code>{ $mint }</code> is a program, not a token. Send the token's mint address.
token-is-token-account = ❌ <code>{ $mint }</code> is a token account (someone's balance of a token), not the token itself. Send the token's mint address.
token-not-a-mint = ❌ <code>{ $mint }</code> is not a token mint (it is an account of some other program, such as a pool). Send the token's mint address.
token-is-program-id = ❌ That is the { $name } program, not a token. Send the token's mint address.
token-card-title = 💊 <b>{ $symbol }</b>
token-card-title-named = 💊 <b>{ $symbol }</b> · { $name }
token-card-token-2022 = 🧩 Token-2022 token
token-card-never-traded = 🕳 PumpSpace has not seen this token trade (or its trades are older than what it keeps), so there is no price or volume yet.
token-card-none = unknown
token-card-price = 💰 Price: { $price }
token-card-changes = 📈 { $changes }
token-card-volume = 📊 Volume 24h: { $volume24h } (1h: { $volume1h })
token-card-trades = 🔁 24h: { $buys } buys / { $sells } sells · { $traders } traders
token-card-mcap = 🏦 Market cap: { $mcap } (FDV: the whole supply counted as circulating)
token-card-liquidity = 💧 Liquidity: { $liquidity }
token-card-age = ⏳ Age: { $age } (since the first trade PumpSpace saw)
token-card-pools = 🏊 Top pools (24h volume):
token-card-pool = • { $dex } <code>{ $pool }</code> — { $volume }
token-card-facts-unavailable = ⚠️ Metadata and risk checks are unavailable right now (the chain could not be read).
token-card-risks = <b>Risks</b>
token-card-renounced = ✅ Mint and freeze authority renounced: no new supply, no frozen wallets.
token-card-top10 = 👥 Top 10 holders: { $pct }% of the supply (pools and curves included)
token-risk-mint-authority = ⚠️ Mint authority is active: more tokens can be minted.
token-risk-freeze-authority = ⚠️ Freeze authority is active: holders' tokens can be frozen.
token-risk-permanent-delegate = 🚨 Permanent delegate: someone can move or burn any holder's tokens.
token-risk-transfer-hook = ⚠️ Transfer hook: a program runs on every transfer and can block it.
token-risk-transfer-fee = ⚠️ Transfer fee: { $pct }% of every transfer is taken.
token-risk-transfer-fee-changeable = ⚠️ Transfer fee: none now, but its authority can set one.
token-risk-non-transferable = 🚨 Non-transferable: holders cannot sell or send it.
token-risk-default-frozen = 🚨 New token accounts start frozen: buyers may not be able to sell.
token-risk-pausable = ⚠️ Pausable: its authority can halt all transfers.
token-risk-metadata-mutable = ℹ️ Name and logo can still be changed by the update authority.
token-risk-concentrated = ⚠️ Top 10 holders own { $pct }% of the supply (pools and curves included).
token-button-chart = 📈 Chart
token-button-dexscreener = DEX Screener
token-button-solscan = 🔎 Solscan
token-button-refresh = 🔄 Refresh
token-button-top = 🏆 Top wallets
token-refreshed-toast = Updated

## Wallet

wallet-usage = Send <code>/wallet &lt;address&gt;</code> to see a wallet's score, profit, holdings and latest trades.
wallet-unavailable = ℹ️ Wallet cards are not available on this bot.
wallet-unknown = ℹ️ PumpSpace has no trades of <code>{ $address }</code> yet, so it has no score. /track it to hear when it trades.
wallet-title = 👛 <b>Wallet</b> <code>{ $address }</code>
wallet-tier = 🏅 Tier <b>{ $tier }</b> · score <b>{ $score }</b>/100 · confidence { $confidence }%
wallet-no-tier = Not ranked · score <b>{ $score }</b>/100 · confidence { $confidence }%
wallet-parts-title = <b>Why this score</b> (fewer closed positions, less confidence)
wallet-part-win-rate = • Win rate we are fairly sure of: { $value } → { $points }
wallet-part-roi = • Average ROI per position, shrunk for few trades: { $value } → { $points }
wallet-part-profit-factor = • Profit factor (gains ÷ losses): { $value } → { $points }
wallet-part-pnl = • Realized profit: { $value } SOL → { $points }
wallet-part-luck = • Share of profit from the best trade: { $value } → { $points }
wallet-pnl = 💰 PnL 7d <b>{ $d7 }</b> SOL · 30d <b>{ $d30 }</b> SOL · all <b>{ $all }</b> SOL (realized)
wallet-unrealized = Unrealized now: { $sol } SOL
wallet-stats = 🎯 Win rate { $rate } over { $closed } closed positions · profit factor { $pf } · median ROI { $roi } · { $tokens } tokens
wallet-best = Biggest win { $win } SOL · biggest loss { $loss } SOL
wallet-unattributed = { $sol } SOL of sells had no recorded buy and are not counted as profit.
wallet-labels = 🏷 Labels: { $labels }
wallet-cluster = 🔗 Funded by <code>{ $funder }</code> together with { $others } other { $others ->
    [one] wallet
   *[other] wallets
}: counted as one owner.
wallet-created = 🛠 Created: { $tokens }
wallet-insider-of = 🕵 Held before its first trade: { $tokens }
wallet-holdings-title = <b>Holdings</b>
wallet-holding = • { $symbol }: { $amount } ≈ { $value } SOL (unrealized { $pnl } SOL)
wallet-holdings-none = No open positions.
wallet-trades-title = <b>Last trades</b>
wallet-trade-buy = 🟢 bought { $amount } { $symbol } for { $sol } SOL · { $when }
wallet-trade-sell = 🔴 sold { $amount } { $symbol } for { $sol } SOL · { $when }
wallet-trades-none = No trades stored.
wallet-button-track = ⭐ Track
wallet-button-trades = 📜 { $symbol }
wallet-tracked = Tracking this wallet now.
wallet-already-tracked = You already track this wallet.
wallet-track-limit = You already track the most wallets one chat can.
wallet-token-trades-title = <b>{ $symbol }</b> trades of <code>{ $address }</code>
wallet-token-gone = That token is no longer in this wallet's list; send /wallet again.
wallet-label-bot = bot
wallet-label-mev = MEV
wallet-label-sniper = sniper
wallet-label-dev = token creator
wallet-label-insider = insider
wallet-label-market-maker = market maker
wallet-na = n/a

## Top

top-usage = Send <code>/top &lt;token mint&gt;</code> to see the wallets that made the most on a token.
top-title = 🏆 <b>Most profitable wallets on { $token }</b> (SOL, realized + unrealized)
top-line = { $rank }. <code>{ $wallet }</code> { $total } (realized { $realized }, open { $unrealized }) · tier { $tier }
top-footer = Send /wallet &lt;address&gt; for a wallet's card.
top-none = ℹ️ No stored trades of { $token } (<code>{ $mint }</code>) yet, and no Solana RPC is configured to read its history. An operator can set <code>SOLANA_RPC_URL</code>, or backfill it with <code>npm run -s backfill -- { $mint }</code>.
top-no-wallets = ℹ️ No wallet has a priced position in { $token } yet.
top-mark-new = 🆕 new
top-mark-up = ⬆️{ $places }
top-mark-down = ⬇️{ $places }
top-mark-pnl = Δ { $delta } SOL
top-changes-since = 🔄 Changes since your last look ({ $when } UTC): 🆕 new wallet, ⬆️⬇️ places moved, Δ PnL change.
top-no-changes = No change since your last look ({ $when } UTC).
top-dropped = Left the list: { $wallets }
top-backfill-started = ⏳ PumpSpace has no trades of { $token } yet: reading its history from the chain. This message updates as it goes.
top-backfill-progress = ⏳ Reading the history of { $token }: { $signatures } transactions listed, { $fetched } fetched, { $swaps } swaps found…
top-backfill-storing = ⏳ { $token }: storing { $swaps } swaps and scoring their wallets…
top-backfill-empty = ℹ️ The chain history of { $token } (<code>{ $mint }</code>) has no swaps PumpSpace can read.
top-backfill-no-positions = ℹ️ Stored { $swaps } swaps of { $token }, but no wallet has a priced position in it yet. If its wallets are still being scored, send the command again in a minute.
top-backfill-failed-unreachable = ⚠️ Could not reach the Solana RPC to read the history of { $token }. Please try again in a few minutes.
top-backfill-failed-rate-limited = ⚠️ The Solana RPC is limiting our requests, so the history of { $token } could not be read now. Please try again in a few minutes.
top-backfill-failed-busy = ⏳ The history of { $token } is being read by another run right now. Please try again in a minute.
top-backfill-failed-timeout = ⏳ Reading the history of { $token } is taking longer than expected. It goes on in the background: send the command again in a few minutes.
top-backfill-failed-other = ⚠️ Reading the history of { $token } failed. What was read is kept; please try again later.

## Callers

command-callers = Leaderboard of the call channels
command-caller = One call channel's record: /caller @channel
callers-empty = No channel calls have been scored yet: a call is judged { $horizon } after it is made.
callers-header = 🏆 <b>Caller leaderboard</b> — a hit reaches { $multiple }x within { $horizon }. Ranked by confidence (the hit rate's 95% lower bound), so a few lucky calls do not top the table.
callers-item = { $rank }. <b>@{ $handle }</b> — { $hits }/{ $judged } hits ({ $rate }), confidence { $confidence } · median { $horizon } { $median } · best { $best } · first to call { $first }/{ $calls }
caller-usage =
    Usage: <code>/caller @channel</code> (or a t.me link)
    Send /callers for the leaderboard.
caller-invalid = ❌ <code>{ $input }</code> is not a channel username: 4–32 letters, digits and _, starting with a letter.
caller-unknown = ℹ️ PumpSpace does not read <b>@{ $handle }</b>. The operator adds channels from the admin chat.
caller-header = 📣 <b>@{ $handle }</b>{ $title }
caller-no-calls = No scored calls from @{ $handle } yet.
caller-summary = Calls: { $calls } · judged after { $horizon }: { $judged } · hits: { $hits } ({ $rate }) · confidence { $confidence }
caller-first = First to call the token: { $first } of { $calls }
caller-returns-header = Return after the call (median / best):
caller-returns = { $horizon }: { $median } / { $best }
caller-rank = Rank { $rank } of { $total }
follow-usage = Usage: <code>/followcaller @channel</code> — get that channel's calls here.
unfollow-usage = Usage: <code>/unfollowcaller @channel</code>
follow-added = 🔔 You will get the calls of <b>@{ $handle }</b> here.
follow-duplicate = ℹ️ You already follow <b>@{ $handle }</b>.
follow-removed = 🔕 You no longer follow <b>@{ $handle }</b>.
follow-not-following = ℹ️ You don't follow <b>@{ $handle }</b>.

## Channels (admin)

channel-admin-only = ⛔ Only the operator's admin chat can change the channel list.
channel-usage-add = Usage: <code>/addchannel @channel</code> (or a t.me link)
channel-usage-remove = Usage: <code>/removechannel @channel</code>
channel-added = ✅ Now reading <b>@{ $handle }</b>. Its new posts are checked for calls at the next poll.
channel-removed = 🗑 Stopped reading <b>@{ $handle }</b>. Its calls and scores are kept.
channel-not-found = ℹ️ <b>@{ $handle }</b> is not in the channel list.

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
alert-pattern-latency = ⏱ { $seconds } s after the block

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
    Tap a filter below to change it, or type <code>/filters &lt;key&gt; &lt;value&gt;</code>, e.g. <code>/filters minsol 1</code>, <code>/filters side buy</code>, <code>/filters quiet 23:00-07:00 +8</code>, <code>/filters reset</code>.
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
rules-list-title = <b>Pattern rules</b> (➕ builds one step by step; or type <code>/rules add cluster-buy 3 60</code>):
rules-list-empty = none yet
backtest-usage = Usage: <code>/backtest &lt;rule id&gt; [days]</code> — /rules lists the ids.
backtest-bad-days = ⚠️ Days must be a whole number from 1 to 30.
backtest-working = ⏳ Backtesting rule <code>{ $id }</code> over the last { $days } days of stored swaps…
backtest-result = 📊 Rule <code>{ $id }</code>, last { $days } days ({ $swaps } swaps): it would have fired <b>{ $fires }</b> times on { $tokens } tokens.
backtest-returns = After { $horizon } ({ $n } with data): median { $median }, best { $best }, worst { $worst }
backtest-caveat = <i>Uses today's wallet tiers, so past results look somewhat better than they were.</i>
backtest-failed = ⚠️ The backtest failed. Please try again later.

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
## Inline

inline-button-top = 🏆 Top wallets
inline-button-chart = 📈 Chart
inline-button-track = 🔔 Track
inline-token-description = { $price } · 24h { $change } · MC { $mcap }
inline-token-pending-description = Trading data is not ready yet: send it and open it in PumpSpace.
inline-wallet-title = 👛 { $wallet } · tier { $tier } · score { $score }
inline-wallet-title-untiered = 👛 { $wallet } · score { $score }
inline-wallet-description = PnL 30d { $pnl } SOL · win rate { $rate } · { $tokens } tokens
inline-wallet-unknown-title = 👛 { $wallet }
inline-wallet-unknown-description = No trades stored for this wallet yet. Track it to hear when it trades.
inline-wallet-unknown-text = 👛 <code>{ $address }</code>: PumpSpace has no trades of this wallet yet. Track it to be told when it trades.
inline-tracked-title = 👛 { $label }
inline-tracked-description = A wallet you track · no score yet
inline-tracked-text = 👛 <code>{ $address }</code> ({ $label }): tracked on PumpSpace, no trades scored yet.
inline-not-token-or-wallet-title = ❌ Not a token or a wallet
inline-not-token-or-wallet-description = This address is some other account, such as a pool or a token account.
inline-not-token-or-wallet-text = ❌ <code>{ $address }</code> is neither a token mint nor a wallet (it is a pool, a token account or another program's account).
inline-slow-title = ⏳ Still looking this address up
inline-slow-description = Send it and open it in PumpSpace for the full card.
inline-slow-text = ⏳ <code>{ $address }</code>: open it in PumpSpace for the full card.
inline-slow-symbol-title = ⏳ Still searching for { $symbol }
inline-slow-symbol-description = Try again in a moment.
inline-slow-symbol-text = ⏳ Searching for { $symbol } took too long. Try again in a moment.
inline-symbol-none-title = No traded token called { $symbol }
inline-symbol-none-description = Paste the token's mint address (CA) instead.
inline-symbol-none-text = ℹ️ PumpSpace knows no token with the symbol { $symbol }. Paste its mint address (CA) to look it up on chain.
inline-help-title = PumpSpace: type a mint, a wallet or a $TICKER
inline-help-description = Track wallets in the bot and they show up here.
inline-help-text = 🔎 Type a token's mint address, a wallet address or a $TICKER after the bot's name to share its card.
inline-smart-why = 🧠 { $buyers } smart wallets bought { $sol } SOL
inline-volume-why = 📊 { $sol } SOL traded in 24h
inline-invalid-program-title = ❌ That is the { $name } program
inline-invalid-program-description = Programs are neither tokens nor wallets. Paste a mint or a wallet address.
inline-invalid-program-text = ❌ That is the { $name } program, not a token or a wallet.
inline-invalid-not-base58-title = ❌ Not a Solana address
inline-invalid-not-base58-description = Addresses use base58: no 0, O, I, l, spaces or symbols.
inline-invalid-not-base58-text = ❌ That is not a Solana address: addresses are base58 (no 0, O, I, l, spaces or symbols).
inline-invalid-wrong-length-title = ❌ Not a complete address
inline-invalid-wrong-length-description = A Solana address is 32–44 characters. Check that you pasted all of it.
inline-invalid-wrong-length-text = ❌ That is not a complete Solana address (they are 32–44 characters).
inline-invalid-too-long-title = ❌ Too long
inline-invalid-too-long-description = Type one mint, one wallet, or a ticker of up to 16 characters.
inline-invalid-too-long-text = ❌ That is too long: type one mint address, one wallet address, or a ticker of up to 16 characters.
inline-invalid-bad-symbol-title = ❌ Not a ticker
inline-invalid-bad-symbol-description = Tickers are letters and digits, such as $BONK.
inline-invalid-bad-symbol-text = ❌ That is not a ticker: use letters and digits, such as $BONK, or paste an address.
inline-invalid-empty-title = PumpSpace: type a mint, a wallet or a $TICKER
inline-invalid-empty-description = Type something after the bot's name.
inline-invalid-empty-text = 🔎 Type a mint address, a wallet address or a $TICKER after the bot's name.
inline-error-title = ⚠️ Something went wrong
inline-error-description = Please try again in a moment.
inline-error-text = ⚠️ PumpSpace could not answer that just now. Please try again in a moment.
start-tracked = ✅ Tracking <code>{ $address }</code> now. You will be told when it trades.
start-already-tracked = ℹ️ You already track <code>{ $address }</code>.
start-chart-hint = 📈 For a price chart send <code>/chart { $mint }</code>, or open the Chart button above.
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

## Call alerts

call-alert-title = 📣 <b>CALL</b> · { $caller } called { $token }
call-alert-price = Price at the call: { $price }
call-alert-mcap = Market cap at the call: { $mcap }
call-alert-latency = ⏱ { $seconds } s after the post
call-alert-button-post = 📣 Post
call-cluster-title = 🔥 <b>CALL + CLUSTER</b> on { $token }
call-cluster-call = 📣 { $caller } called it at { $time } UTC
call-cluster-cluster = 🐋 { $count } smart wallets bought it at { $time } UTC
call-cluster-gap-call-first = The smart money came { $minutes } min after the call.
call-cluster-gap-cluster-first = The call came { $minutes } min after the smart money.

# Rule and filter dialogues (/rules → New rule or ✏️, /filters → a filter button)
dialog-cancelled = Cancelled; nothing changed.
dialog-nothing-to-cancel = Nothing to cancel.
dialog-choose-kind = Which pattern should the new rule watch for? (/cancel stops)
dialog-kind-cluster-buy = 👥 Cluster buy
dialog-kind-accumulation = 📥 Accumulation
dialog-kind-first-buy = 🆕 First buy
dialog-kind-cluster-exit = 🏃 Cluster exit
dialog-bad-choice = ⚠️ Please choose one of the buttons, or send /cancel.
dialog-ask-field = { $field }? Now <b>{ $value }</b>. Send a new value, or <code>-</code> to keep it.
dialog-field-minWallets = Wallets needed (distinct owners, 2–50)
dialog-field-minBuys = Buys by one owner needed (2–100)
dialog-field-windowSec = Time window in seconds (1–86400)
dialog-field-minBuySol = Smallest buy that counts, in SOL
dialog-field-memorySec = Seconds a token stays known after a smart buy (60–604800)
dialog-field-minSellers = Cluster owners who must sell (1–50)
dialog-field-horizonSec = Seconds the cluster's wallets are watched (60–604800)
dialog-field-cooldownSec = Seconds before the same token can fire again (0–604800)
dialog-field-tiers = Smart-money tiers that count (S, A, B)
dialog-too-small = ⚠️ { $value } is too small: the least is { $min }.
dialog-too-big = ⚠️ { $value } is too big: the most is { $max }.
dialog-not-whole = ⚠️ { $value } must be a whole number.
dialog-not-a-number = ⚠️ <code>{ $value }</code> is not a number.
dialog-bad-tiers = ⚠️ Tiers are S, A and B, for example <code>S A</code>.
dialog-invalid = ⚠️ Not valid: { $reason }
dialog-summary = <b>New rule</b>: { $rule }
    Save it, try it on the last 7 days of swaps first, or cancel.
dialog-button-save = 💾 Save
dialog-button-backtest = 📊 Backtest 7 days
dialog-button-cancel = ✖️ Cancel
dialog-rule-saved = ✅ Rule <code>{ $id }</code> saved and on: { $rule }
dialog-edit-choose = Which setting of { $rule } should change? (/cancel stops)
dialog-rule-updated = ✅ Saved: { $rule }
dialog-button-new-rule = ➕ New rule
dialog-filters-choose = Tap a filter to change it (/cancel stops a change):
dialog-filter-ask = { $filter }: now <b>{ $value }</b>. Send the new value: { $hint }
dialog-filter-hint-number = a number, or <code>off</code>.
dialog-filter-hint-age = minutes, or <code>off</code>.
dialog-filter-hint-side = <code>buy</code>, <code>sell</code> or <code>both</code>.
dialog-filter-hint-switch = <code>on</code> or <code>off</code>.
dialog-filter-hint-exclude = labels separated by commas ({ $labels }), or <code>off</code>.
dialog-filter-hint-quiet = like <code>23:00-07:00 +8</code> (your UTC offset), or <code>off</code>.
dialog-filter-side = ↕️ Buys / sells
dialog-filter-minsol = Min SOL
dialog-filter-maxsol = Max SOL
dialog-filter-minusd = Min USD
dialog-filter-maxusd = Max USD
dialog-filter-minmcap = Min market cap
dialog-filter-maxmcap = Max market cap
dialog-filter-minliq = Min liquidity
dialog-filter-maxliq = Max liquidity
dialog-filter-minage = Min age
dialog-filter-maxage = Max age
dialog-filter-exclude = 🚫 Excluded labels
dialog-filter-nomint = No mint authority
dialog-filter-nofreeze = No freeze authority
dialog-filter-norisky = No risky extensions
dialog-filter-quiet = 🌙 Quiet hours
dialog-filter-reset = ♻️ Reset all
dialog-value-none = not set
