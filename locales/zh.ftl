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
alert-latency = ⏱ 出块后 { $seconds } 秒
