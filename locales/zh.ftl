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
