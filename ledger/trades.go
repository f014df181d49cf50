package ledger

import (
	"strings"
	"unicode"
)

// TradeCode names a site trade (工种). The three- and four-digit codes are
// the national construction-worker platform's work-type dictionary (workType,
// dictionary 6.2; see shared/reference/exchange-formats.md §3). The codes
// starting with W are wageguard's own, for trades the rules name that the
// national dictionary has no code for (tower-crane and hoist drivers, the
// installers of suspended platforms); they are replaced when the national
// codes are published.
type TradeCode string

// The trades the rules of the registry name by code.
const (
	TradeScaffolder       TradeCode = "030" // 架子工
	TradeCraneSignaller   TradeCode = "170" // 起重信号工 (信号司索工)
	TradeWelder           TradeCode = "270" // 电焊工
	TradeBlaster          TradeCode = "280" // 爆破工
	TradeCurtainWall      TradeCode = "210" // 建筑门窗幕墙安装工: curtain walls are installed at height
	TradeTowerCraneDriver TradeCode = "W01" // 塔式起重机司机
	TradeHoistDriver      TradeCode = "W02" // 施工升降机司机
	TradePlatformInstall  TradeCode = "W03" // 高处作业吊篮安装拆卸工
)

// Trade is one entry of the trade dictionary: its code, its name on the
// national platform, and what clerks write for it instead.
type Trade struct {
	Code    TradeCode
	Name    string
	Aliases []string
}

// tradeDictionary is the trade dictionary. Aliases are compared after
// tradeKey (lower case, no spaces or punctuation), so "Welder" and "电 焊工"
// find the welder.
var tradeDictionary = []Trade{
	{"010", "砌筑工", []string{"瓦工", "砖瓦工", "泥瓦工", "mason", "bricklayer"}},
	{"020", "钢筋工", []string{"rebar worker", "steel fixer"}},
	{TradeScaffolder, "架子工", []string{"建筑架子工", "登高架设工", "scaffolder"}},
	{"040", "混凝土工", []string{"砼工", "concrete worker"}},
	{"050", "模板工", []string{"支模工", "formwork carpenter", "formworker"}},
	{"060", "机械设备安装工", nil},
	{"070", "通风工", []string{"ventilation worker"}},
	{"080", "安装起重工", []string{"起重工", "rigger"}},
	{"090", "安装钳工", []string{"钳工", "fitter"}},
	{"100", "电气设备安装调试工", nil},
	{"110", "管道工", []string{"水管工", "plumber", "pipefitter"}},
	{"120", "变电安装工", nil},
	{"130", "建筑电工", []string{"电工", "electrician"}},
	{"140", "司泵工", []string{"泵工", "pump operator"}},
	{"150", "挖掘铲运和桩工机械司机", []string{"挖掘机司机", "挖机司机", "铲车司机", "excavator driver"}},
	{"160", "桩机操作工", []string{"桩工", "pile driver operator"}},
	{TradeCraneSignaller, "起重信号工", []string{"信号司索工", "信号工", "司索工", "建筑起重信号司索工", "signaller", "banksman"}},
	{"180", "建筑起重机械安装拆卸工", []string{"起重机械安装拆卸工", "crane erector"}},
	{"190", "装饰装修工", []string{"装修工", "decorator"}},
	{"200", "室内成套设施安装工", nil},
	{TradeCurtainWall, "建筑门窗幕墙安装工", []string{"门窗安装工", "幕墙安装工", "curtain wall installer"}},
	{"220", "幕墙制作工", nil},
	{"230", "防水工", []string{"waterproofer"}},
	{"240", "木工", []string{"carpenter"}},
	{"250", "石工", []string{"stonemason"}},
	{TradeWelder, "电焊工", []string{"焊工", "电气焊工", "气焊工", "welder"}},
	{TradeBlaster, "爆破工", []string{"blaster"}},
	{"290", "除尘工", nil},
	{"300", "测量放线工", []string{"测量工", "放线工", "surveyor"}},
	{"310", "线路架设工", nil},
	{"320", "古建筑传统石工", nil},
	{"330", "古建筑传统瓦工", nil},
	{"340", "古建筑传统彩画工", nil},
	{"350", "古建筑传统木工", nil},
	{"360", "古建筑传统油工", nil},
	{"380", "金属工", nil},
	{"390", "杂工", []string{"普工", "小工", "力工", "labourer", "laborer", "general labourer"}},
	{"900", "管理人员", []string{"manager"}},
	{"1000", "其它", []string{"其他"}},
	{TradeTowerCraneDriver, "塔式起重机司机", []string{"塔吊司机", "塔机司机", "tower crane driver", "tower crane operator"}},
	{TradeHoistDriver, "施工升降机司机", []string{"升降机司机", "人货电梯司机", "hoist driver", "hoist operator"}},
	{TradePlatformInstall, "高处作业吊篮安装拆卸工", []string{"高处作业吊篮安装工", "吊篮安装工", "幕墙高空安装工", "suspended platform installer", "high-altitude installer"}},
}

// tradeIndex finds a dictionary entry by tradeKey of its code, name or alias.
var tradeIndex = func() map[string]*Trade {
	m := make(map[string]*Trade, 4*len(tradeDictionary))
	for i := range tradeDictionary {
		t := &tradeDictionary[i]
		m[tradeKey(string(t.Code))] = t
		m[tradeKey(t.Name)] = t
		for _, a := range t.Aliases {
			m[tradeKey(a)] = t
		}
	}
	return m
}()

// tradeKey is how a trade is compared: lower case, without spaces,
// punctuation or a leading zero of a code ("0270", "电 焊工", "Welder.").
func tradeKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(NormaliseDigits(s)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	k := b.String()
	if len(k) == 4 && k[0] == '0' && allDigits(k) {
		k = k[1:]
	}
	return k
}

// LookupTrade finds what a clerk wrote (a code, the national name or a known
// alias) in the trade dictionary, leaving out a bracketed qualifier (电焊工(二级),
// 架子工（外架）: a grade or a kind of the trade); ok is false for a trade it
// does not know. The caller keeps the text as written.
func LookupTrade(text string) (Trade, bool) {
	t, ok := tradeIndex[tradeKey(withoutQualifiers(text))]
	if !ok {
		return Trade{}, false
	}
	return *t, true
}

// IsTradeCode reports whether code is in the trade dictionary.
func IsTradeCode(code TradeCode) bool {
	t, ok := tradeIndex[tradeKey(string(code))]
	return ok && t.Code == code
}

// TradeName is the dictionary name of code, "" when it has none.
func TradeName(code TradeCode) string {
	if t, ok := tradeIndex[tradeKey(string(code))]; ok && t.Code == code {
		return t.Name
	}
	return ""
}

// qualifierBrackets are the brackets a qualifier is written in, half and
// full width.
var qualifierBrackets = [][2]rune{{'(', ')'}, {'（', '）'}, {'[', ']'}, {'【', '】'}}

// withoutQualifiers is text without its bracketed parts; an unclosed
// bracket is left as it is.
func withoutQualifiers(text string) string {
	for _, br := range qualifierBrackets {
		for {
			open := strings.IndexRune(text, br[0])
			if open < 0 {
				break
			}
			end := strings.IndexRune(text[open:], br[1])
			if end < 0 {
				break
			}
			text = text[:open] + text[open+end+len(string(br[1])):]
		}
	}
	return text
}
