# PumpSpace，简体中文。所有消息都以 parse_mode HTML 发送：字面的 < > & 请写成 &lt; &gt; &amp;，
# 用户输入（备注、代币符号）由代码转义后再传入。

## Start and help

start-welcome =
    👋 <b>欢迎使用 PumpSpace！</b>

    PumpSpace 实时监控 Solana 链上的 DEX 交易（Pump.fun、PumpSwap、Raydium、Meteora、Orca、Jupiter 等），你关注的钱包一旦买入或卖出，会第一时间通知你。

    { help-commands }

help-commands =
    <b>命令</b>
    /track &lt;钱包地址&gt; [备注] — 关注一个钱包（备注可选，最多 32 个字符）
    /untrack &lt;钱包地址&gt; — 取消关注钱包
    /list — 查看已关注的钱包
    /token &lt;代币合约地址&gt; — 代币卡片：价格、成交量、市值、风险
    /wallet &lt;钱包地址&gt; — 钱包卡片：评分、盈亏、胜率、持仓
    /top &lt;代币合约地址&gt; — 该代币最赚钱的钱包
    /callers — 喊单频道排行榜；/caller @频道 — 单个频道的战绩
    /subscribe token &lt;代币合约地址&gt; | tier S [A B] — 订阅代币，或某一等级的聪明钱包
    /filters [项 值] — 金额、市值、流动性、币龄、风险和免打扰时段过滤
    /rules — 模式规则（集群买入、连续加仓、首次买入、集群出货），按钮逐步新建或修改；/backtest &lt;规则&gt; [天数]；/cancel 退出正在进行的设置
    /lang — 切换语言
    /help — 显示本帮助
    在任意聊天中：输入 @机器人名 加代币地址、钱包地址或 $代号，即可分享卡片

help = { help-commands }

## Commands menu (plain text, shown by Telegram next to "/")

command-start = 开始使用，了解 PumpSpace
command-help = 命令说明
command-track = 关注钱包：/track <钱包地址> [备注]
command-untrack = 取消关注钱包
command-list = 查看已关注的钱包
command-token = 代币卡片：/token <合约地址>
command-wallet = 钱包卡片：/wallet <钱包地址>
command-top = 代币最赚钱的钱包：/top <合约地址>
command-subscribe = 订阅代币或聪明钱等级的提醒
command-filters = 本聊天的提醒过滤条件
command-rules = 模式规则及其回测
command-lang = 切换语言

## Track

track-usage =
    用法：<code>/track &lt;钱包地址&gt; [备注]</code>
    示例：<code>/track GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg 大户</code>
track-added = ✅ 已开始关注 <code>{ $address }</code>，它一有交易就会通知你。
track-added-labelled = ✅ 已开始关注 <b>{ $label }</b>（<code>{ $address }</code>），它一有交易就会通知你。
track-duplicate = ℹ️ 你已经关注了这个钱包，备注为 <b>{ $label }</b>。
track-duplicate-unlabelled = ℹ️ 你已经关注了这个钱包。
track-limit = 🚫 你已关注 { $limit } 个钱包，达到每个聊天的上限。请先用 /untrack 取消关注一个。
label-too-long = ❌ 备注有 { $length } 个字符，最多只能 { $max } 个。
label-control-chars = ❌ 备注里有不可见的控制字符，请用普通文字输入。

## Untrack

untrack-usage = 用法：<code>/untrack &lt;钱包地址&gt;</code>。用 /list 查看已关注的钱包。
untrack-done = 🗑 已取消关注 <code>{ $address }</code>。
untrack-done-labelled = 🗑 已取消关注 <b>{ $label }</b>（<code>{ $address }</code>）。
untrack-not-tracked = ℹ️ 你没有关注 <code>{ $address }</code>。用 /list 查看已关注的钱包。

## List

list-empty =
    你还没有关注任何钱包。
    用 <code>/track &lt;钱包地址&gt; [备注]</code> 添加一个。
list-header = 📋 <b>已关注的钱包</b>（{ $count }/{ $limit }）
list-item = { $index }. <b>{ $label }</b> — <code>{ $address }</code>
list-item-unlabelled = { $index }. <code>{ $address }</code>

## Address checks (shared by /track and /untrack)

address-oversized = ❌ 内容太长了。钱包地址只有 32–44 个字符。
address-not-base58 = ❌ 这不是 Solana 地址。地址使用 base58 编码，不含 0、O、I、l，也不含符号；你输入的内容包含：<code>{ $chars }</code>
address-wrong-length = ❌ 这不是 Solana 地址：地址长度为 32–44 个字符（32 字节），你输入的有 { $chars } 个字符。
address-wrong-bytes = ❌ 这不是 Solana 地址：它解码后是 { $bytes } 字节，而地址正好是 32 字节。复制时是不是多了或少了字符？
address-program = ❌ 这是 { $name } 程序的地址，不是钱包。请发送进行交易的钱包地址。
address-off-curve = ❌ 这看起来是程序拥有的账户，而不是钱包。代币账户、流动性池和联合曲线（bonding curve）都归程序所有，不会自己发起交易：请发送其所有者的钱包地址（也就是签名交易的那个）。
address-mint = ❌ 这是代币 <b>{ $symbol }</b> 的 Mint 地址，不是钱包。请发送钱包地址。
address-mint-unnamed = ❌ 这是代币的 Mint 地址，不是钱包。请发送钱包地址。

## Language

lang-choose = 🌐 请选择语言：
lang-changed = ✅ 语言已切换为中文。发送 /help 查看命令。
lang-changed-toast = 语言：中文
lang-button-en = English
lang-button-zh = 中文

## Groups

group-dm-only = 👋 目前 PumpSpace 只支持私聊：请打开 @{ $bot }，在那里发送 /start。

## Errors and fallbacks

error-generic = ⚠️ 我们这边出了点问题，请稍后再试。
unhandled = 🤔 我没看懂。发送 /help 看看我能做什么。

## Alerts

alert-swap-buy = 🟢 <b>买入</b> · { $wallet } 用 <b>{ $quoteAmount } { $quote }</b> 买入 <b>{ $tokenAmount }</b> { $token }
alert-swap-sell = 🔴 <b>卖出</b> · { $wallet } 卖出 <b>{ $tokenAmount }</b> { $token }，得到 <b>{ $quoteAmount } { $quote }</b>
alert-price = 价格：{ $price }
alert-dex = DEX：{ $dex }
alert-dex-unknown = 未识别的 DEX
alert-mint = 合约地址：<code>{ $mint }</code>
alert-links = <a href="{ $tx }">交易</a> · <a href="{ $wallet }">钱包</a> · <a href="{ $chart }">K 线</a>
alert-button-tx = 🔎 交易详情
alert-button-wallet = 👛 钱包
alert-button-chart = 📈 K 线图

## Token

token-usage =
    用法：<code>/token &lt;代币合约地址&gt;</code>
    示例：<code>/token EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v</code>
token-oversized = ❌ 内容太长了。代币的合约地址（Mint）只有 32–44 个字符。
token-working = ⏳ 正在从链上读取这个代币……
token-unavailable = ⚠️ 暂时无法从链上读取 <code>{ $mint }</code>，PumpSpace 也没有见过它的交易。请稍后再试。
token-not-found = ❌ Solana 上不存在地址为 <code>{ $mint }</code> 的账户，所以它不是代币。请检查地址是否输错。
token-is-wallet = ❌ <code>{ $mint }</code> 是一个钱包，不是代币。请发送代币的合约地址（CA）。
token-is-program = ❌ <code>{ $mint }</code> 是一个程序，不是代币。请发送代币的合约地址。
token-is-token-account = ❌ <code>{ $mint }</code> 是一个代币账户（某人持有某个代币的余额），不是代币本身。请发送代币的合约地址。
token-not-a-mint = ❌ <code>{ $mint }</code> 不是代币的 Mint（它属于其他程序，例如流动性池）。请发送代币的合约地址。
token-is-program-id = ❌ 这是 { $name } 程序的地址，不是代币。请发送代币的合约地址。
token-card-title = 💊 <b>{ $symbol }</b>
token-card-title-named = 💊 <b>{ $symbol }</b> · { $name }
token-card-token-2022 = 🧩 Token-2022 代币
token-card-never-traded = 🕳 PumpSpace 还没有见过这个代币的交易（或者交易早于保留期限），暂时没有价格和成交量。
token-card-none = 未知
token-card-price = 💰 价格：{ $price }
token-card-changes = 📈 { $changes }
token-card-volume = 📊 24 小时成交额：{ $volume24h }（1 小时：{ $volume1h }）
token-card-trades = 🔁 24 小时：买入 { $buys } 笔 / 卖出 { $sells } 笔 · { $traders } 个交易者
token-card-mcap = 🏦 市值：{ $mcap }（FDV：全部供应量按流通计算）
token-card-liquidity = 💧 流动性：{ $liquidity }
token-card-age = ⏳ 上线时长：{ $age }（从 PumpSpace 见到的第一笔交易算起）
token-card-pools = 🏊 主要交易池（24 小时成交额）：
token-card-pool = • { $dex } <code>{ $pool }</code> — { $volume }
token-card-facts-unavailable = ⚠️ 暂时无法读取链上信息，元数据和风险检查不可用。
token-card-risks = <b>风险</b>
token-card-renounced = ✅ 已放弃增发权限和冻结权限：不能再增发，也不能冻结钱包。
token-card-top10 = 👥 前 10 大持有者：占供应量的 { $pct }%（包含流动性池和联合曲线）
token-risk-mint-authority = ⚠️ 增发权限仍然有效：还可以增发更多代币。
token-risk-freeze-authority = ⚠️ 冻结权限仍然有效：持有者的代币可能被冻结。
token-risk-permanent-delegate = 🚨 永久委托（Permanent delegate）：有人可以转走或销毁任何持有者的代币。
token-risk-transfer-hook = ⚠️ 转账钩子（Transfer hook）：每次转账都会调用一个程序，它可以阻止转账。
token-risk-transfer-fee = ⚠️ 转账手续费：每次转账扣除 { $pct }%。
token-risk-transfer-fee-changeable = ⚠️ 转账手续费：目前为零，但其权限方可以设置手续费。
token-risk-non-transferable = 🚨 不可转让：持有者无法卖出或转出。
token-risk-default-frozen = 🚨 新的代币账户默认冻结：买入后可能无法卖出。
token-risk-pausable = ⚠️ 可暂停：其权限方可以暂停所有转账。
token-risk-metadata-mutable = ℹ️ 名称和图标仍可被更新权限方修改。
token-risk-concentrated = ⚠️ 前 10 大持有者拥有供应量的 { $pct }%（包含流动性池和联合曲线）。
token-button-chart = 📈 K 线图
token-button-dexscreener = DEX Screener
token-button-solscan = 🔎 Solscan
token-button-refresh = 🔄 刷新
token-button-top = 🏆 最赚钱的钱包
token-refreshed-toast = 已更新

## Wallet

wallet-usage = 发送 <code>/wallet &lt;地址&gt;</code> 查看钱包的评分、盈亏、持仓和最近交易。
wallet-unavailable = ℹ️ 此机器人未开启钱包卡片。
wallet-unknown = ℹ️ PumpSpace 还没有 <code>{ $address }</code> 的交易记录，所以没有评分。用 /track 关注它，交易时会通知你。
wallet-title = 👛 <b>钱包</b> <code>{ $address }</code>
wallet-tier = 🏅 等级 <b>{ $tier }</b> · 评分 <b>{ $score }</b>/100 · 置信度 { $confidence }%
wallet-no-tier = 未评级 · 评分 <b>{ $score }</b>/100 · 置信度 { $confidence }%
wallet-parts-title = <b>评分构成</b>（已平仓越少，置信度越低）
wallet-part-win-rate = • 可信胜率（下限）：{ $value } → { $points }
wallet-part-roi = • 每个仓位平均收益率（按交易数收缩）：{ $value } → { $points }
wallet-part-profit-factor = • 盈亏比（盈利 ÷ 亏损）：{ $value } → { $points }
wallet-part-pnl = • 已实现盈亏：{ $value } SOL → { $points }
wallet-part-luck = • 最佳一笔占总盈利的比例：{ $value } → { $points }
wallet-pnl = 💰 盈亏 7天 <b>{ $d7 }</b> SOL · 30天 <b>{ $d30 }</b> SOL · 全部 <b>{ $all }</b> SOL（已实现）
wallet-unrealized = 当前未实现：{ $sol } SOL
wallet-stats = 🎯 胜率 { $rate }（{ $closed } 个已平仓位）· 盈亏比 { $pf } · 收益率中位数 { $roi } · { $tokens } 个代币
wallet-best = 最大盈利 { $win } SOL · 最大亏损 { $loss } SOL
wallet-unattributed = 有 { $sol } SOL 的卖出没有记录到买入，不计入盈利。
wallet-labels = 🏷 标签：{ $labels }
wallet-cluster = 🔗 与其他 { $others } 个钱包由同一地址 <code>{ $funder }</code> 注资：视为同一所有者。
wallet-created = 🛠 创建的代币：{ $tokens }
wallet-insider-of = 🕵 开盘前已持有：{ $tokens }
wallet-holdings-title = <b>持仓</b>
wallet-holding = • { $symbol }：{ $amount } ≈ { $value } SOL（未实现 { $pnl } SOL）
wallet-holdings-none = 没有未平仓位。
wallet-trades-title = <b>最近交易</b>
wallet-trade-buy = 🟢 用 { $sol } SOL 买入 { $amount } { $symbol } · { $when }
wallet-trade-sell = 🔴 卖出 { $amount } { $symbol } 得 { $sol } SOL · { $when }
wallet-trades-none = 没有交易记录。
wallet-button-track = ⭐ 关注
wallet-button-trades = 📜 { $symbol }
wallet-tracked = 已关注此钱包。
wallet-already-tracked = 你已经关注了此钱包。
wallet-track-limit = 你关注的钱包已达到上限。
wallet-token-trades-title = <code>{ $address }</code> 的 <b>{ $symbol }</b> 交易
wallet-token-gone = 该代币已不在此钱包的列表中，请重新发送 /wallet。
wallet-label-bot = 机器人
wallet-label-mev = MEV
wallet-label-sniper = 狙击手
wallet-label-dev = 代币创建者
wallet-label-insider = 内部人
wallet-label-market-maker = 做市商
wallet-na = 无

## Top

top-usage = 发送 <code>/top &lt;代币地址&gt;</code> 查看在该代币上赚得最多的钱包。
top-title = 🏆 <b>{ $token } 上最赚钱的钱包</b>（SOL，已实现 + 未实现）
top-line = { $rank }. <code>{ $wallet }</code> { $total }（已实现 { $realized }，持仓 { $unrealized }）· 等级 { $tier }
top-footer = 发送 /wallet &lt;地址&gt; 查看钱包卡片。
top-none = ℹ️ 还没有 { $token }（<code>{ $mint }</code>）的交易记录，也没有配置可读取其历史的 Solana RPC。运维人员可以设置 <code>SOLANA_RPC_URL</code>，或用 <code>npm run -s backfill -- { $mint }</code> 回填其历史。
top-no-wallets = ℹ️ 还没有钱包在 { $token } 上持有可计价的仓位。
top-mark-new = 🆕 新
top-mark-up = ⬆️{ $places }
top-mark-down = ⬇️{ $places }
top-mark-pnl = Δ { $delta } SOL
top-changes-since = 🔄 自你上次查看（{ $when } UTC）以来的变化：🆕 新钱包，⬆️⬇️ 名次变化，Δ 盈亏变化。
top-no-changes = 自你上次查看（{ $when } UTC）以来没有变化。
top-dropped = 跌出榜单：{ $wallets }
top-backfill-started = ⏳ PumpSpace 还没有 { $token } 的交易记录：正在从链上读取其历史，本消息会随进度更新。
top-backfill-progress = ⏳ 正在读取 { $token } 的历史：已列出 { $signatures } 笔交易，已获取 { $fetched } 笔，发现 { $swaps } 笔兑换……
top-backfill-storing = ⏳ { $token }：正在保存 { $swaps } 笔兑换并为相关钱包评分……
top-backfill-empty = ℹ️ { $token }（<code>{ $mint }</code>）的链上历史中没有 PumpSpace 能识别的兑换。
top-backfill-no-positions = ℹ️ 已保存 { $token } 的 { $swaps } 笔兑换，但还没有钱包持有可计价的仓位。如果相关钱包仍在评分中，请一分钟后再发送一次命令。
top-backfill-failed-unreachable = ⚠️ 无法连接 Solana RPC 来读取 { $token } 的历史，请几分钟后再试。
top-backfill-failed-rate-limited = ⚠️ Solana RPC 正在限制我们的请求，暂时无法读取 { $token } 的历史，请几分钟后再试。
top-backfill-failed-busy = ⏳ { $token } 的历史正在被另一个任务读取，请一分钟后再试。
top-backfill-failed-timeout = ⏳ 读取 { $token } 的历史比预期更久，它会在后台继续：请几分钟后再发送一次命令。
top-backfill-failed-other = ⚠️ 读取 { $token } 的历史失败。已读取的部分会保留，请稍后再试。

## Callers

command-callers = 喊单频道排行榜
command-caller = 单个喊单频道的战绩：/caller @频道
callers-empty = 还没有可评分的频道喊单：喊单会在 { $horizon } 后评估。
callers-header = 🏆 <b>喊单频道排行榜</b> — { $horizon } 内涨到 { $multiple } 倍算命中。按可信度排序（命中率 95% 置信下限），几次运气好的喊单不会排到最前。
callers-item = { $rank }. <b>@{ $handle }</b> — 命中 { $hits }/{ $judged }（{ $rate }），可信度 { $confidence } · { $horizon } 中位收益 { $median } · 最佳 { $best } · 最先喊单 { $first }/{ $calls }
caller-usage =
    用法：<code>/caller @频道</code>（或 t.me 链接）
    发送 /callers 查看排行榜。
caller-invalid = ❌ <code>{ $input }</code> 不是频道用户名：4–32 个字母、数字或 _，以字母开头。
caller-unknown = ℹ️ PumpSpace 没有读取 <b>@{ $handle }</b>。频道由运营方在管理群中添加。
caller-header = 📣 <b>@{ $handle }</b>{ $title }
caller-no-calls = @{ $handle } 还没有可评分的喊单。
caller-summary = 喊单：{ $calls } · { $horizon } 后已评估：{ $judged } · 命中：{ $hits }（{ $rate }）· 可信度 { $confidence }
caller-first = 最先喊出该代币：{ $first }/{ $calls }
caller-returns-header = 喊单后的收益（中位 / 最佳）：
caller-returns = { $horizon }：{ $median } / { $best }
caller-rank = 排名 { $rank }/{ $total }
follow-usage = 用法：<code>/followcaller @频道</code> — 在这里接收该频道的喊单。
unfollow-usage = 用法：<code>/unfollowcaller @频道</code>
follow-added = 🔔 你将在这里收到 <b>@{ $handle }</b> 的喊单。
follow-duplicate = ℹ️ 你已经关注了 <b>@{ $handle }</b>。
follow-removed = 🔕 你已取消关注 <b>@{ $handle }</b>。
follow-not-following = ℹ️ 你没有关注 <b>@{ $handle }</b>。

## Channels (admin)

channel-admin-only = ⛔ 只有运营方的管理群可以修改频道列表。
channel-usage-add = 用法：<code>/addchannel @频道</code>（或 t.me 链接）
channel-usage-remove = 用法：<code>/removechannel @频道</code>
channel-added = ✅ 开始读取 <b>@{ $handle }</b>。下次轮询时会检查它的新帖子中的喊单。
channel-removed = 🗑 已停止读取 <b>@{ $handle }</b>。它的喊单和评分会保留。
channel-not-found = ℹ️ <b>@{ $handle }</b> 不在频道列表中。

## Rules alerts

alert-via-token = 🔔 你关注的代币
alert-via-tier = ⭐ 聪明钱 { $tier } 级
alert-cluster-buy = 🚨 <b>集群买入</b> · { $count } 个聪明钱钱包在 { $window } 秒内买入 { $token }
alert-accumulation = 📥 <b>连续加仓</b> · { $wallet } 在 { $window } 秒内买入 { $token } { $count } 次
alert-first-buy = 🆕 <b>聪明钱首次买入</b> · { $wallet } 是第一个买入 { $token } 的聪明钱钱包
alert-cluster-exit = 🏃 <b>集群出货</b> · 之前集群买入 { $token } 的 { $size } 个钱包中已有 { $count } 个在卖出
alert-cluster-since = 集群在 { $minutes } 分钟前买入。
alert-evidence-buy = • { $wallet } 于 <a href="{ $tx }">{ $time }</a> 用 { $sol } SOL 买入 { $amount }
alert-evidence-sell = • { $wallet } 于 <a href="{ $tx }">{ $time }</a> 卖出 { $amount }，得到 { $sol } SOL
alert-evidence-more = • 另有 { $n } 个
alert-pattern-latency = ⏱ 出块后 { $seconds } 秒

## Rules

rules-unavailable = ⚠️ 此机器人尚未启用规则功能。
rules-admins-only = 🔒 只有群管理员可以修改本群的订阅、过滤条件和规则。
rules-sub-usage = 订阅代币：<code>/subscribe token &lt;合约地址&gt;</code>；订阅某一等级的所有聪明钱钱包：<code>/subscribe tier S</code>（S、A、B）。<code>/unsubscribe &lt;编号&gt;</code> 取消订阅。
rules-sub-none = 还没有订阅。
rules-sub-limit = ⚠️ 本聊天的订阅已达上限（{ $limit }）。请先用 /unsubscribe 删除一个。
rules-sub-bad-mint = ⚠️ 这不是代币合约地址。用法：<code>/subscribe token &lt;合约地址&gt;</code>
rules-sub-duplicate = 本聊天已经订阅了这个代币。
rules-sub-bad-tier = ⚠️ 等级只有 { $tiers }。例如：<code>/subscribe tier S A</code>
rules-sub-added = ✅ 已订阅（编号 <code>{ $id }</code>）。
rules-unsub-usage = 用法：<code>/unsubscribe &lt;编号&gt;</code> —— /subscribe 会列出编号。
rules-unsub-done = ✅ 已取消订阅 <code>{ $id }</code>。
rules-not-found = ⚠️ 这里没有编号为 <code>{ $id }</code> 的项目。
rules-filter-show = 过滤条件：{ $filter }
    免打扰时段：{ $quiet }
    点击下方按钮逐项修改，或直接输入 <code>/filters &lt;键&gt; &lt;值&gt;</code>，例如 <code>/filters minsol 1</code>、<code>/filters side buy</code>、<code>/filters quiet 23:00-07:00 +8</code>、<code>/filters reset</code>。
rules-filter-none = 无
rules-filter-set = ✅ 过滤条件已保存。
rules-filter-usage = ⚠️ 用法：<code>/filters &lt;键&gt; &lt;值&gt;</code>。可用的键：{ $keys }
rules-filter-bad-value = ⚠️ <code>{ $value }</code> 不是 { $key } 的有效值。金额、市值、流动性和代币年龄（分钟）填数字（或 <code>off</code>）；方向填 buy、sell 或 both；风险开关填 on 或 off。
rules-filter-bad-label = ⚠️ 可用的标签：{ $labels }。
rules-filter-bad-quiet = ⚠️ 免打扰时段的格式是 <code>23:00-07:00</code>，不在 UTC 时区请加上时差：<code>23:00-07:00 +8</code>。
rules-filter-conflict = ⚠️ 未保存：{ $reason }
rules-add-usage = ⚠️ 用法：<code>/rules add &lt;类型&gt; [数量] [秒数]</code>。类型：{ $kinds }
rules-add-bad = ⚠️ 未添加：{ $reason }
rules-limit = ⚠️ 本聊天的规则已达上限（{ $limit }）。
rules-added = ✅ 规则 <code>{ $id }</code>（{ $kind }）已添加并启用。可以先回测：<code>/backtest { $id }</code>
rules-on = ▶️ 规则 <code>{ $id }</code> 已启用。
rules-off = ⏸ 规则 <code>{ $id }</code> 已暂停。
rules-deleted = 🗑 规则 <code>{ $id }</code> 已删除。
rules-list-title = <b>模式规则</b>（点击 ➕ 逐步新建，或输入 <code>/rules add cluster-buy 3 60</code>）：
rules-list-empty = 暂无
backtest-usage = 用法：<code>/backtest &lt;规则编号&gt; [天数]</code> —— /rules 会列出编号。
backtest-bad-days = ⚠️ 天数必须是 1 到 30 之间的整数。
backtest-working = ⏳ 正在用最近 { $days } 天的成交记录回测规则 <code>{ $id }</code>……
backtest-result = 📊 规则 <code>{ $id }</code>，最近 { $days } 天（{ $swaps } 笔成交）：共会触发 <b>{ $fires }</b> 次，涉及 { $tokens } 个代币。
backtest-returns = { $horizon } 后（{ $n } 个有数据）：中位数 { $median }，最好 { $best }，最差 { $worst }
backtest-caveat = <i>回测使用的是当前的钱包等级，过去的表现会显得比实际好一些。</i>
backtest-failed = ⚠️ 回测失败，请稍后再试。

## Group admins

group-admin-only = 🙏 抱歉，只有本群管理员才能更改机器人在这里的设置。请联系管理员操作。
group-help =
    👋 <b>本群的 PumpSpace</b>
    由管理员设置：/track &lt;钱包地址&gt; [备注]、/untrack &lt;钱包地址&gt;、/lang。所有人都可以用 /list 查看列表。
    被跟踪钱包的提醒会发到这里；短时间内的大量提醒会合并成一条汇总消息。
    想要自己的提醒，请打开 @{ $bot } 并发送 /start。

## Alert delivery

alert-button-token-card = 🪙 代币
alert-button-wallet-card = 👛 钱包卡片
alert-button-track = ➕ 跟踪钱包
alert-button-untrack = ➖ 取消跟踪
alert-button-mute-token = 🔕 屏蔽代币
alert-button-mute-rule = 🔕 屏蔽规则
alert-latency = ⏱ 出块 { $block } → 发送 { $sent } UTC（{ $latency }）
alert-latency-unknown = ⏱ 发送 { $sent } UTC（出块时间未知）
alert-digest-header = 📦 <b>{ $count } 条提醒</b>（已合并为一条消息：群组每分钟最多 20 条消息）
alert-digest-buy = 🟢 { $wallet } 用 { $quoteAmount } { $quote } 买入 <b>{ $tokenAmount }</b> { $token } · ⏱ { $latency }
alert-digest-sell = 🔴 { $wallet } 卖出 <b>{ $tokenAmount }</b> { $token }，得到 { $quoteAmount } { $quote } · ⏱ { $latency }
alert-action-invalid = 这个按钮已过期。
alert-action-tracked = ✅ 已开始跟踪这个钱包。
alert-action-untracked = 🗑 已停止跟踪这个钱包。
alert-action-not-tracked = ℹ️ 本聊天没有跟踪这个钱包。
alert-action-muted-token = 🔕 已屏蔽：这里不再提醒这个代币。
alert-action-muted-rule = 🔕 已屏蔽：这里不再提醒这条规则。
alert-action-already-muted = ℹ️ 已经屏蔽过了。

## Admin

admin-refused = 🚫 抱歉，全局设置只能在运营方的管理聊天中更改。
admin-main = 🛠 <b>PumpSpace 管理</b>：全局设置与数据接入状态。
admin-menu-tiers = 🏆 评分等级
admin-menu-rules = ⚙️ 规则默认值
admin-menu-limits = 🚦 每个聊天的限额
admin-menu-channels = 📡 跟踪的频道
admin-menu-health = 🩺 接入状态
admin-back = ⬅️ 返回
admin-field-S = S 级分数
admin-field-A = A 级分数
admin-field-B = B 级分数
admin-field-clusterWallets = 聚集：钱包数（N）
admin-field-clusterWindowMinutes = 聚集：时间窗口（T，分钟）
admin-field-wallets = 每个聊天的钱包数
admin-field-rules = 每个聊天的规则数
admin-field-alertsPerHour = 每个聊天每小时的提醒数
admin-enter-number = 请发送 <b>{ $field }</b> 的新值（数字），或发送 /cancel 取消。
admin-cancelled = 已取消，没有任何更改。
admin-not-a-number = ❌ <code>{ $value }</code> 不是数字。请发送数字，或发送 /cancel 取消。
admin-saved = ✅ { $field } 已设为 <b>{ $value }</b>。
admin-invalid-value = ❌ { $field } 不能设为 { $value }：<i>{ $reason }</i>。请发送其他值，或发送 /cancel 取消。
admin-enter-channels = 请发送要跟踪的频道用户名，用空格分隔（例如 <code>@alpha_calls @gems</code>），发送 <code>-</code> 表示不跟踪，或发送 /cancel 取消。
admin-channels-list = 📡 跟踪的频道：
    { $list }
admin-channels-empty = 📡 还没有跟踪任何频道。
admin-channels-saved = ✅ 正在跟踪 { $count } 个频道。
admin-channels-invalid = ❌ 未保存：<i>{ $reason }</i>。用户名由 5–32 个字母、数字或 _ 组成。请重新发送列表，或发送 /cancel 取消。
admin-health-header = 🩺 <b>数据接入状态</b>
admin-health-lag = 最新区块 { $slot } · 落后链上 { $seconds } 秒 · 每秒 { $rate } 笔交易（最近一分钟）
admin-health-cursor = 游标 <code>{ $source }</code>：落后 { $lag } 个区块，{ $age } 秒前更新
admin-health-queue = 队列 <code>{ $name }</code>：等待 { $waiting }，处理中 { $active }，延迟 { $delayed }，失败 { $failed }
admin-health-errors = 最近一小时的错误（死信）：{ $count }
## Inline

inline-button-top = 🏆 盈利钱包
inline-button-chart = 📈 图表
inline-button-track = 🔔 关注
inline-token-description = { $price } · 24小时 { $change } · 市值 { $mcap }
inline-token-pending-description = 交易数据还没准备好：发送后可在 PumpSpace 中打开。
inline-wallet-title = 👛 { $wallet } · 等级 { $tier } · 评分 { $score }
inline-wallet-title-untiered = 👛 { $wallet } · 评分 { $score }
inline-wallet-description = 30天盈亏 { $pnl } SOL · 胜率 { $rate } · { $tokens } 个代币
inline-wallet-unknown-title = 👛 { $wallet }
inline-wallet-unknown-description = 还没有这个钱包的交易记录。关注它，交易时会通知你。
inline-wallet-unknown-text = 👛 <code>{ $address }</code>：PumpSpace 还没有这个钱包的交易记录。关注它，交易时会通知你。
inline-tracked-title = 👛 { $label }
inline-tracked-description = 你关注的钱包 · 暂无评分
inline-tracked-text = 👛 <code>{ $address }</code>（{ $label }）：已在 PumpSpace 关注，还没有评分的交易。
inline-not-token-or-wallet-title = ❌ 不是代币也不是钱包
inline-not-token-or-wallet-description = 这个地址是其他账户，例如池子或代币账户。
inline-not-token-or-wallet-text = ❌ <code>{ $address }</code> 既不是代币铸造地址也不是钱包（是池子、代币账户或其他程序的账户）。
inline-slow-title = ⏳ 仍在查询这个地址
inline-slow-description = 发送后在 PumpSpace 中打开查看完整卡片。
inline-slow-text = ⏳ <code>{ $address }</code>：在 PumpSpace 中打开查看完整卡片。
inline-slow-symbol-title = ⏳ 仍在搜索 { $symbol }
inline-slow-symbol-description = 请稍后再试。
inline-slow-symbol-text = ⏳ 搜索 { $symbol } 超时，请稍后再试。
inline-symbol-none-title = 没有叫 { $symbol } 的已交易代币
inline-symbol-none-description = 请改为粘贴代币的合约地址（CA）。
inline-symbol-none-text = ℹ️ PumpSpace 不知道符号为 { $symbol } 的代币。粘贴它的合约地址（CA）以在链上查询。
inline-help-title = PumpSpace：输入合约地址、钱包或 $代号
inline-help-description = 在机器人里关注钱包，它们会显示在这里。
inline-help-text = 🔎 在机器人名字后输入代币合约地址、钱包地址或 $代号，即可分享它的卡片。
inline-smart-why = 🧠 { $buyers } 个聪明钱包买入 { $sol } SOL
inline-volume-why = 📊 24小时成交 { $sol } SOL
inline-invalid-program-title = ❌ 这是 { $name } 程序
inline-invalid-program-description = 程序既不是代币也不是钱包。请粘贴合约地址或钱包地址。
inline-invalid-program-text = ❌ 这是 { $name } 程序，不是代币也不是钱包。
inline-invalid-not-base58-title = ❌ 不是 Solana 地址
inline-invalid-not-base58-description = 地址使用 base58：不含 0、O、I、l、空格或符号。
inline-invalid-not-base58-text = ❌ 这不是 Solana 地址：地址使用 base58（不含 0、O、I、l、空格或符号）。
inline-invalid-wrong-length-title = ❌ 地址不完整
inline-invalid-wrong-length-description = Solana 地址为 32–44 个字符，请检查是否复制完整。
inline-invalid-wrong-length-text = ❌ 这不是完整的 Solana 地址（应为 32–44 个字符）。
inline-invalid-too-long-title = ❌ 太长了
inline-invalid-too-long-description = 输入一个合约地址、一个钱包地址，或最多 16 个字符的代号。
inline-invalid-too-long-text = ❌ 太长了：请输入一个合约地址、一个钱包地址，或最多 16 个字符的代号。
inline-invalid-bad-symbol-title = ❌ 不是代号
inline-invalid-bad-symbol-description = 代号由字母和数字组成，例如 $BONK。
inline-invalid-bad-symbol-text = ❌ 这不是代号：请使用字母和数字（例如 $BONK），或粘贴地址。
inline-invalid-empty-title = PumpSpace：输入合约地址、钱包或 $代号
inline-invalid-empty-description = 在机器人名字后输入内容。
inline-invalid-empty-text = 🔎 在机器人名字后输入合约地址、钱包地址或 $代号。
inline-error-title = ⚠️ 出错了
inline-error-description = 请稍后再试。
inline-error-text = ⚠️ PumpSpace 暂时无法回答，请稍后再试。
start-tracked = ✅ 已开始关注 <code>{ $address }</code>，它交易时会通知你。
start-already-tracked = ℹ️ 你已经关注了 <code>{ $address }</code>。
start-chart-hint = 📈 查看价格图表请发送 <code>/chart { $mint }</code>，或点击上方的图表按钮。
## Chart

command-chart = 代币价格图表
chart-usage = 📈 发送 <code>/chart &lt;代币地址&gt; [1h|24h|7d]</code> 查看价格图表（标出聪明钱的买卖），或 <code>/chart &lt;代币地址&gt; &lt;钱包地址&gt;</code> 标出某个钱包的交易。
chart-bad-arg = ⚠️ 无法识别 <code>{ $arg }</code>：应为时间范围（1h、24h 或 7d）或钱包地址。
chart-too-many-args = ⚠️ 参数太多。{ chart-usage }
chart-working = ⏳ 正在绘制图表…
chart-no-trades = 📭 <b>{ $token }</b> 在过去 { $range } 内没有交易，无法绘制图表。
chart-no-trades-ever = 📭 PumpSpace 还没有 <b>{ $token }</b> 的交易记录，无法绘制图表。
chart-last-trade = 最后一笔交易：{ $time }。
chart-caption = 📈 <b>{ $token }</b> · { $range } · { $price } { $change }
chart-caption-trades = { $trades } 笔交易 · 已标出聪明钱买入 ▲ 和卖出 ▼
chart-caption-wallet = 已标出 <code>{ $wallet }</code> 的交易 ●
chart-caption-wallet-none = <code>{ $wallet }</code> 在过去 { $range } 内没有交易它
chart-failed = ⚠️ 暂时无法绘制图表，请稍后再试。
chart-button = 📈 图表
chart-subtitle = { $range } · { $currency } · UTC
chart-legend-smart-buy = 聪明钱买入
chart-legend-smart-sell = 聪明钱卖出
chart-legend-wallet-buy = 钱包买入
chart-legend-wallet-sell = 钱包卖出
chart-volume = 成交量
chart-trades = { $count } 笔交易
chart-no-data-image = 过去 { $range } 内没有交易

## Cards

card-wallet-heading = 钱包盈亏
card-tier = 等级
card-unranked = –
card-score = 评分
card-pnl-7d = 7天盈亏
card-pnl-30d = 30天盈亏
card-win-rate = 胜率
card-trades-30d = 30天交易数
card-best-trades = 最佳交易
card-no-trades = 暂无已平仓交易
card-equity = 盈亏曲线（30天）
card-as-of = 截至 { $time }
card-caller-heading = 喊单频道
card-rank = 排名
card-calls = 喊单数
card-hit-rate = 命中率
card-median = 收益中位数
card-best = 最佳喊单
card-lead = 领先时间
card-top-calls = 最佳喊单
card-no-calls = 暂无已评估的喊单
card-button = 🖼 盈亏卡片
card-unavailable = 该卡片暂不可用。
card-caption-wallet = 🖼 <code>{ $wallet }</code> 的盈亏卡片
card-caption-caller = 🖼 { $name }

## Call alerts

call-alert-title = 📣 <b>喊单</b> · { $caller } 喊单 { $token }
call-alert-price = 喊单时价格：{ $price }
call-alert-mcap = 喊单时市值：{ $mcap }
call-alert-latency = ⏱ 发帖后 { $seconds } 秒
call-alert-button-post = 📣 原帖
call-cluster-title = 🔥 <b>喊单 + 聪明钱集群</b>：{ $token }
call-cluster-call = 📣 { $caller } 于 UTC { $time } 喊单
call-cluster-cluster = 🐋 { $count } 个聪明钱包于 UTC { $time } 买入
call-cluster-gap-call-first = 聪明钱在喊单后 { $minutes } 分钟买入。
call-cluster-gap-cluster-first = 喊单在聪明钱买入后 { $minutes } 分钟发出。

# Rule and filter dialogues (/rules → New rule or ✏️, /filters → a filter button)
dialog-cancelled = 已取消，未做任何更改。
dialog-nothing-to-cancel = 当前没有可取消的操作。
dialog-choose-kind = 新规则要监控哪种模式？（发送 /cancel 停止）
dialog-kind-cluster-buy = 👥 集群买入
dialog-kind-accumulation = 📥 连续加仓
dialog-kind-first-buy = 🆕 首次买入
dialog-kind-cluster-exit = 🏃 集群出货
dialog-bad-choice = ⚠️ 请点击下方按钮选择，或发送 /cancel。
dialog-ask-field = { $field }？当前为 <b>{ $value }</b>。请发送新值，或发送 <code>-</code> 保持不变。
dialog-field-minWallets = 需要的钱包数（不同持有人，2–50）
dialog-field-minBuys = 同一持有人需要的买入次数（2–100）
dialog-field-windowSec = 时间窗口，单位秒（1–86400）
dialog-field-minBuySol = 计入的最小买入额（SOL）
dialog-field-memorySec = 聪明钱买入后代币保持“已知”的秒数（60–604800）
dialog-field-minSellers = 需要卖出的集群持有人数（1–50）
dialog-field-horizonSec = 集群钱包被持续观察的秒数（60–604800）
dialog-field-cooldownSec = 同一代币再次触发前的冷却秒数（0–604800）
dialog-field-tiers = 计入的聪明钱等级（S、A、B）
dialog-too-small = ⚠️ { $value } 太小：最小为 { $min }。
dialog-too-big = ⚠️ { $value } 太大：最大为 { $max }。
dialog-not-whole = ⚠️ { $value } 必须是整数。
dialog-not-a-number = ⚠️ <code>{ $value }</code> 不是数字。
dialog-bad-tiers = ⚠️ 等级只有 S、A、B，例如 <code>S A</code>。
dialog-invalid = ⚠️ 无效：{ $reason }
dialog-summary = <b>新规则</b>：{ $rule }
    可以保存，也可以先用最近 7 天的交易回测，或取消。
dialog-button-save = 💾 保存
dialog-button-backtest = 📊 回测 7 天
dialog-button-cancel = ✖️ 取消
dialog-rule-saved = ✅ 规则 <code>{ $id }</code> 已保存并启用：{ $rule }
dialog-edit-choose = 要修改 { $rule } 的哪一项设置？（发送 /cancel 停止）
dialog-rule-updated = ✅ 已保存：{ $rule }
dialog-button-new-rule = ➕ 新建规则
dialog-filters-choose = 点击一个过滤条件进行修改（发送 /cancel 停止修改）：
dialog-filter-ask = { $filter }：当前为 <b>{ $value }</b>。请发送新值：{ $hint }
dialog-filter-hint-number = 一个数字，或 <code>off</code>。
dialog-filter-hint-age = 分钟数，或 <code>off</code>。
dialog-filter-hint-side = <code>buy</code>、<code>sell</code> 或 <code>both</code>。
dialog-filter-hint-switch = <code>on</code> 或 <code>off</code>。
dialog-filter-hint-exclude = 用逗号分隔的标签（{ $labels }），或 <code>off</code>。
dialog-filter-hint-quiet = 例如 <code>23:00-07:00 +8</code>（你的 UTC 时差），或 <code>off</code>。
dialog-filter-side = ↕️ 买入 / 卖出
dialog-filter-minsol = 最小 SOL
dialog-filter-maxsol = 最大 SOL
dialog-filter-minusd = 最小美元
dialog-filter-maxusd = 最大美元
dialog-filter-minmcap = 最小市值
dialog-filter-maxmcap = 最大市值
dialog-filter-minliq = 最小流动性
dialog-filter-maxliq = 最大流动性
dialog-filter-minage = 最小币龄
dialog-filter-maxage = 最大币龄
dialog-filter-exclude = 🚫 排除的标签
dialog-filter-nomint = 无增发权限
dialog-filter-nofreeze = 无冻结权限
dialog-filter-norisky = 无风险扩展
dialog-filter-quiet = 🌙 免打扰时段
dialog-filter-reset = ♻️ 全部重置
dialog-value-none = 未设置
