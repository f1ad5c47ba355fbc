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
    /lang — 切换语言
    /help — 显示本帮助

help = { help-commands }

## Commands menu (plain text, shown by Telegram next to "/")

command-start = 开始使用，了解 PumpSpace
command-help = 命令说明
command-track = 关注钱包：/track <钱包地址> [备注]
command-untrack = 取消关注钱包
command-list = 查看已关注的钱包
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
