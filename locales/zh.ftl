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
    修改方式：<code>/filters &lt;键&gt; &lt;值&gt;</code>，例如 <code>/filters minsol 1</code>、<code>/filters side buy</code>、<code>/filters quiet 23:00-07:00 +8</code>、<code>/filters reset</code>。
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
rules-list-title = <b>模式规则</b>（添加示例：<code>/rules add cluster-buy 3 60</code>）：
rules-list-empty = 暂无
backtest-usage = 用法：<code>/backtest &lt;规则编号&gt; [天数]</code> —— /rules 会列出编号。
backtest-bad-days = ⚠️ 天数必须是 1 到 30 之间的整数。
backtest-working = ⏳ 正在用最近 { $days } 天的成交记录回测规则 <code>{ $id }</code>……
backtest-result = 📊 规则 <code>{ $id }</code>，最近 { $days } 天（{ $swaps } 笔成交）：共会触发 <b>{ $fires }</b> 次，涉及 { $tokens } 个代币。
backtest-returns = { $horizon } 后（{ $n } 个有数据）：中位数 { $median }，最好 { $best }，最差 { $worst }
backtest-caveat = <i>回测使用的是当前的钱包等级，过去的表现会显得比实际好一些。</i>
backtest-failed = ⚠️ 回测失败，请稍后再试。
